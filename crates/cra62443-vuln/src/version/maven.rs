//! Maven `ComparableVersion` ordering.

use std::cmp::Ordering;

/// One `ComparableVersion` item.
#[derive(Debug, Clone)]
enum Item {
    /// A number, leading zeros removed (compared by length, then digits).
    Int(String),
    /// A qualifier, lower-cased, aliases resolved.
    Str(String),
    /// A sub-list (started by `-` or a digit/letter transition).
    List(Vec<Item>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_INDEX: &str = "5";

fn comparable_qualifier(q: &str) -> String {
    match QUALIFIERS.iter().position(|x| *x == q) {
        Some(i) => i.to_string(),
        None => format!("{}-{q}", QUALIFIERS.len()),
    }
}

fn string_item(s: &str, followed_by_digit: bool) -> Item {
    let s = if followed_by_digit && s.len() == 1 {
        match s {
            "a" => "alpha",
            "b" => "beta",
            "m" => "milestone",
            other => other,
        }
    } else {
        s
    };
    let s = match s {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    Item::Str(s.to_string())
}

fn parse_item(is_digit: bool, s: &str) -> Item {
    if is_digit {
        Item::Int(s.trim_start_matches('0').to_string())
    } else {
        string_item(s, false)
    }
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(n) => n.is_empty(),
            Item::Str(s) => s.is_empty(),
            Item::List(l) => l.is_empty(),
        }
    }

    /// Compares with `other`; `None` is a missing item.
    fn compare(&self, other: Option<&Item>) -> Ordering {
        match (self, other) {
            (Item::Int(n), None) => {
                if n.is_empty() {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
            (Item::Int(a), Some(Item::Int(b))) => super::num_cmp(a, b),
            (Item::Int(_), Some(_)) => Ordering::Greater,
            (Item::Str(s), None) => comparable_qualifier(s).as_str().cmp(RELEASE_INDEX),
            (Item::Str(_), Some(Item::Int(_) | Item::List(_))) => Ordering::Less,
            (Item::Str(a), Some(Item::Str(b))) => {
                comparable_qualifier(a).cmp(&comparable_qualifier(b))
            }
            (Item::List(l), None) => match l.first() {
                None => Ordering::Equal,
                Some(first) => first.compare(None),
            },
            (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
            (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
            (Item::List(a), Some(Item::List(b))) => list_cmp(a, b),
        }
    }
}

fn list_cmp(a: &[Item], b: &[Item]) -> Ordering {
    for k in 0..a.len().max(b.len()) {
        let o = match (a.get(k), b.get(k)) {
            (Some(l), r) => l.compare(r),
            (None, Some(r)) => r.compare(None).reverse(),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Removes trailing null items (`0`, release qualifiers, empty lists), as `ListItem.normalize`.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if let Item::List(sub) = &mut list[i] {
            normalize(sub);
        }
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// A parsed Maven version.
#[derive(Debug, Clone)]
pub struct MavenVersion {
    items: Vec<Item>,
}

impl MavenVersion {
    /// Parses a Maven version. It must start with a digit and contain only ASCII letters,
    /// digits and `.`, `-`, `_`, `+`.
    pub fn parse(v: &str) -> Result<MavenVersion, String> {
        if !v.starts_with(|c: char| c.is_ascii_digit()) {
            return Err("does not start with a digit".into());
        }
        if let Some(c) = v
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+')))
        {
            return Err(format!("unexpected character {c:?}"));
        }
        let v = v.to_ascii_lowercase();
        // The open lists, outermost first; each closes into its parent at the end.
        let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
        let mut is_digit = false;
        let mut start = 0;
        let bytes = v.as_bytes();
        for (i, &c) in bytes.iter().enumerate() {
            let top = stack.last_mut().expect("stack is never empty");
            if c == b'.' {
                if i == start {
                    top.push(Item::Int(String::new()));
                } else {
                    top.push(parse_item(is_digit, &v[start..i]));
                }
                start = i + 1;
            } else if c == b'-' {
                if i == start {
                    top.push(Item::Int(String::new()));
                } else {
                    top.push(parse_item(is_digit, &v[start..i]));
                }
                start = i + 1;
                stack.push(Vec::new());
            } else if c.is_ascii_digit() {
                if !is_digit && i > start {
                    top.push(string_item(&v[start..i], true));
                    start = i;
                    stack.push(Vec::new());
                }
                is_digit = true;
            } else {
                if is_digit && i > start {
                    top.push(parse_item(true, &v[start..i]));
                    start = i;
                    stack.push(Vec::new());
                }
                is_digit = false;
            }
        }
        if v.len() > start {
            let item = parse_item(is_digit, &v[start..]);
            stack.last_mut().expect("stack is never empty").push(item);
        }
        while stack.len() > 1 {
            let mut list = stack.pop().expect("len > 1");
            normalize(&mut list);
            stack.last_mut().expect("len > 1").push(Item::List(list));
        }
        let mut items = stack.pop().expect("root list");
        normalize(&mut items);
        Ok(MavenVersion { items })
    }
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        list_cmp(&self.items, &other.items)
    }
}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MavenVersion {}
