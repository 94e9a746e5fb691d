//! Applicability conditions: small boolean expressions over a product's declared facts.
//!
//! Grammar (case-sensitive keywords):
//!
//! ```text
//! expr   := term ("or" term)*
//! term   := factor ("and" factor)*
//! factor := "not" factor | "(" expr ")" | atom
//! atom   := "capability:" NAME | "component-type:" (SAR|EDR|HDR|NDR|system)
//!         | "use:" NAME | "true" | "false"
//! ```
//!
//! `capability:` names come from the capability vocabulary (`data/vocabulary/capabilities.yaml`);
//! `use:` names are free tokens a product lists under its intended use (e.g. `use:unmanaged`).

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Condition {
    /// Always true or false.
    Const {
        /// The value.
        value: bool,
    },
    /// The product declares this capability.
    Capability {
        /// Capability name.
        name: String,
    },
    /// The product is (or contains) a component of this type, or `system`.
    ComponentType {
        /// `SAR`, `EDR`, `HDR`, `NDR` or `system`.
        name: String,
    },
    /// The product's intended use lists this token.
    Use {
        /// The token.
        name: String,
    },
    /// Negation.
    Not {
        /// The negated condition.
        inner: Box<Condition>,
    },
    /// All must hold.
    And {
        /// The operands.
        all: Vec<Condition>,
    },
    /// At least one must hold.
    Or {
        /// The operands.
        any: Vec<Condition>,
    },
}

/// The facts a condition is evaluated against.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Declared capabilities.
    pub capabilities: BTreeSet<String>,
    /// Component types (`SAR` …) or `system`.
    pub component_types: BTreeSet<String>,
    /// Intended-use tokens.
    pub uses: BTreeSet<String>,
}

impl Condition {
    /// Parses a condition; `known_capabilities` names the vocabulary (unknown names are errors
    /// with the closest suggestion).
    pub fn parse(text: &str, known_capabilities: &[String]) -> Result<Self, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            known: known_capabilities,
        };
        let expr = parser.expr()?;
        if parser.pos != parser.tokens.len() {
            return Err(format!(
                "unexpected `{}` after a complete condition",
                parser.tokens[parser.pos]
            ));
        }
        Ok(expr)
    }

    /// Evaluates the condition.
    pub fn eval(&self, facts: &Facts) -> bool {
        match self {
            Self::Const { value } => *value,
            Self::Capability { name } => facts.capabilities.contains(name),
            Self::ComponentType { name } => facts.component_types.contains(name),
            Self::Use { name } => facts.uses.contains(name),
            Self::Not { inner } => !inner.eval(facts),
            Self::And { all } => all.iter().all(|c| c.eval(facts)),
            Self::Or { any } => any.iter().any(|c| c.eval(facts)),
        }
    }

    /// The capability names the condition mentions.
    pub fn capabilities(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Capability { name } => out.push(name),
            Self::Not { inner } => inner.collect(out),
            Self::And { all: xs } | Self::Or { any: xs } => xs.iter().for_each(|x| x.collect(out)),
            _ => {}
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Const { value } => write!(f, "{value}"),
            Self::Capability { name } => write!(f, "capability:{name}"),
            Self::ComponentType { name } => write!(f, "component-type:{name}"),
            Self::Use { name } => write!(f, "use:{name}"),
            Self::Not { inner } => match inner.as_ref() {
                Self::And { .. } | Self::Or { .. } => write!(f, "not ({inner})"),
                _ => write!(f, "not {inner}"),
            },
            Self::And { all } => {
                let parts: Vec<String> = all.iter().map(|c| paren(c, true)).collect();
                f.write_str(&parts.join(" and "))
            }
            Self::Or { any } => {
                let parts: Vec<String> = any.iter().map(|c| paren(c, false)).collect();
                f.write_str(&parts.join(" or "))
            }
        }
    }
}

fn paren(c: &Condition, inside_and: bool) -> String {
    match c {
        Condition::Or { .. } if inside_and => format!("({c})"),
        _ => c.to_string(),
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        match ch {
            '(' | ')' => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                tokens.push(ch.to_string());
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c if c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.') => current.push(c),
            other => return Err(format!("unexpected character `{other}` in condition")),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    if tokens.is_empty() {
        return Err("empty condition".into());
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<String>,
    pos: usize,
    known: &'a [String],
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn expr(&mut self) -> Result<Condition, String> {
        let mut any = vec![self.term()?];
        while self.peek() == Some("or") {
            self.pos += 1;
            any.push(self.term()?);
        }
        Ok(if any.len() == 1 {
            any.pop().expect("one")
        } else {
            Condition::Or { any }
        })
    }

    fn term(&mut self) -> Result<Condition, String> {
        let mut all = vec![self.factor()?];
        while self.peek() == Some("and") {
            self.pos += 1;
            all.push(self.factor()?);
        }
        Ok(if all.len() == 1 {
            all.pop().expect("one")
        } else {
            Condition::And { all }
        })
    }

    fn factor(&mut self) -> Result<Condition, String> {
        match self.peek() {
            None => Err("condition ends where an operand was expected".into()),
            Some("not") => {
                self.pos += 1;
                Ok(Condition::Not {
                    inner: Box::new(self.factor()?),
                })
            }
            Some("(") => {
                self.pos += 1;
                let inner = self.expr()?;
                if self.peek() != Some(")") {
                    return Err("missing `)`".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(token) => {
                let token = token.to_string();
                self.pos += 1;
                self.atom(&token)
            }
        }
    }

    fn atom(&self, token: &str) -> Result<Condition, String> {
        match token {
            "true" => return Ok(Condition::Const { value: true }),
            "false" => return Ok(Condition::Const { value: false }),
            ")" | "and" | "or" => {
                return Err(format!(
                    "unexpected `{token}` where an operand was expected"
                ));
            }
            _ => {}
        }
        let Some((kind, name)) = token.split_once(':') else {
            return Err(format!(
                "`{token}` is not a condition: expected `capability:NAME`, `component-type:TYPE`, `use:NAME`, `true` or `false`"
            ));
        };
        if name.is_empty() {
            return Err(format!("`{token}` has no name after the colon"));
        }
        match kind {
            "capability" => {
                if !self.known.iter().any(|k| k == name) {
                    let closest = self
                        .known
                        .iter()
                        .max_by(|a, b| {
                            strsim::jaro_winkler(name, a).total_cmp(&strsim::jaro_winkler(name, b))
                        })
                        .map(|k| format!("; closest: `{k}`"))
                        .unwrap_or_default();
                    return Err(format!("unknown capability `{name}`{closest}"));
                }
                Ok(Condition::Capability {
                    name: name.to_string(),
                })
            }
            "component-type" => match name {
                "SAR" | "EDR" | "HDR" | "NDR" | "system" => Ok(Condition::ComponentType {
                    name: name.to_string(),
                }),
                other => Err(format!(
                    "unknown component type `{other}`: expected SAR, EDR, HDR, NDR or system"
                )),
            },
            "use" => Ok(Condition::Use {
                name: name.to_string(),
            }),
            other => Err(format!(
                "unknown condition kind `{other}:`: expected capability, component-type or use"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        [
            "wireless",
            "audit-logging",
            "remote-management",
            "local-management",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn parses_and_evaluates() {
        let c = Condition::parse(
            "capability:local-management or capability:remote-management",
            &known(),
        )
        .unwrap();
        let mut facts = Facts::default();
        assert!(!c.eval(&facts));
        facts.capabilities.insert("remote-management".into());
        assert!(c.eval(&facts));
        let c = Condition::parse(
            "not (capability:wireless or capability:audit-logging) and component-type:NDR",
            &known(),
        )
        .unwrap();
        facts.component_types.insert("NDR".into());
        assert!(c.eval(&facts));
        assert_eq!(
            c.to_string(),
            "not (capability:wireless or capability:audit-logging) and component-type:NDR"
        );
        let again = Condition::parse(&c.to_string(), &known()).unwrap();
        assert_eq!(again, c, "display round-trips");
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(
            Condition::parse("capability:wirless", &known())
                .unwrap_err()
                .contains("closest: `wireless`")
        );
        assert!(Condition::parse("capability:wireless or", &known()).is_err());
        assert!(
            Condition::parse("(capability:wireless", &known())
                .unwrap_err()
                .contains("missing `)`")
        );
        assert!(Condition::parse("", &known()).is_err());
        assert!(Condition::parse("component-type:PLC", &known()).is_err());
        assert!(Condition::parse("wireless", &known()).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[a-z:() -]{0,60}") {
            let _ = Condition::parse(&s, &known());
        }
    }
}
