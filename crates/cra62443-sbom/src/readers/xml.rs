//! CycloneDX XML. The document is read with quick-xml into a small element tree (DOCTYPE and
//! entity declarations are refused, only the five predefined entities and character references
//! are resolved, nesting depth and text size are capped), then mapped to the JSON shape of
//! CycloneDX and lowered by the JSON reader's code.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use serde_json::{Map, Value, json};

use super::cyclonedx;
use crate::limits::line_col;
use crate::model::{Encoding, Sbom};
use crate::{Limits, SbomError};

/// An XML element: local name, attributes (local names), child elements and text.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Children of the container child `container` named `item`.
    fn items<'a>(&'a self, container: &'a str, item: &'a str) -> impl Iterator<Item = &'a Node> {
        self.all(container).flat_map(move |c| c.all(item))
    }

    fn text_of(&self, name: &str) -> Option<Value> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
            .map(|t| Value::String(t.to_string()))
    }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.into_owned(),
    }
}

fn xml_error(file: &str, bytes: &[u8], offset: u64, message: impl Into<String>) -> SbomError {
    let (line, column) = line_col(bytes, offset as usize);
    SbomError::Xml {
        file: file.to_string(),
        line,
        column,
        message: message.into(),
    }
}

fn element(
    start: &BytesStart<'_>,
    file: &str,
    bytes: &[u8],
    offset: u64,
) -> Result<Node, SbomError> {
    let mut node = Node {
        name: local(start.local_name().as_ref().as_bytes()),
        ..Node::default()
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| xml_error(file, bytes, offset, e.to_string()))?;
        let key = attr.key.as_ref().to_string();
        if key == "xmlns" || key.starts_with("xmlns:") {
            node.attrs.push((key, attr.value.to_string()));
            continue;
        }
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| xml_error(file, bytes, offset, e.to_string()))?;
        node.attrs.push((local(key.as_bytes()), value.into_owned()));
    }
    Ok(node)
}

/// Parses XML text into an element tree, enforcing the limits.
pub(crate) fn parse_tree(bytes: &[u8], file: &str, limits: &Limits) -> Result<Node, SbomError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        xml_error(
            file,
            bytes,
            e.valid_up_to() as u64,
            "not valid UTF-8 (only UTF-8 XML is read)",
        )
    })?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_error(file, bytes, reader.error_position(), e.to_string()))?;
        match event {
            Event::DocType(_) => {
                return Err(xml_error(
                    file,
                    bytes,
                    offset,
                    "DOCTYPE declarations are not accepted (no DTDs or entity declarations)",
                ));
            }
            Event::Start(start) => {
                if stack.len() >= limits.max_depth {
                    return Err(SbomError::LimitExceeded {
                        file: file.to_string(),
                        line: line_col(bytes, offset as usize).0,
                        column: line_col(bytes, offset as usize).1,
                        message: format!(
                            "elements nested deeper than the limit of {}",
                            limits.max_depth
                        ),
                    });
                }
                if root.is_some() {
                    return Err(xml_error(
                        file,
                        bytes,
                        offset,
                        "content after the root element",
                    ));
                }
                stack.push(element(&start, file, bytes, offset)?);
            }
            Event::Empty(start) => {
                let node = element(&start, file, bytes, offset)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => {
                        return Err(xml_error(
                            file,
                            bytes,
                            offset,
                            "content after the root element",
                        ));
                    }
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| xml_error(file, bytes, offset, "unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(node) = stack.last_mut() {
                    push_text(node, &t.xml10_content(), file, bytes, offset, limits)?;
                } else if !t.trim().is_empty() {
                    return Err(xml_error(
                        file,
                        bytes,
                        offset,
                        "text outside the root element",
                    ));
                }
            }
            Event::CData(t) => {
                if let Some(node) = stack.last_mut() {
                    push_text(node, &t.xml10_content(), file, bytes, offset, limits)?;
                }
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            return Err(xml_error(
                                file,
                                bytes,
                                offset,
                                format!("invalid character reference &{};", &*r),
                            ));
                        }
                    }
                } else {
                    match resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(xml_error(
                                file,
                                bytes,
                                offset,
                                format!("undefined entity &{};: entities are not expanded", &*r),
                            ));
                        }
                    }
                };
                if let Some(node) = stack.last_mut() {
                    push_text(node, &resolved, file, bytes, offset, limits)?;
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(xml_error(
            file,
            bytes,
            bytes.len() as u64,
            format!(
                "unexpected end of input inside <{}>",
                stack[stack.len() - 1].name
            ),
        ));
    }
    root.ok_or_else(|| xml_error(file, bytes, 0, "no root element"))
}

fn push_text(
    node: &mut Node,
    text: &str,
    file: &str,
    bytes: &[u8],
    offset: u64,
    limits: &Limits,
) -> Result<(), SbomError> {
    // Whitespace between elements carries nothing (every value is trimmed): skip it, so that
    // the indentation of a large document does not add up against the text limit.
    if text.trim().is_empty() {
        return Ok(());
    }
    if node.text.len() + text.len() > limits.max_string_bytes {
        let (line, column) = line_col(bytes, offset as usize);
        return Err(SbomError::LimitExceeded {
            file: file.to_string(),
            line,
            column,
            message: format!(
                "text longer than the limit of {} bytes",
                limits.max_string_bytes
            ),
        });
    }
    node.text.push_str(text);
    Ok(())
}

/// Reads a CycloneDX XML document.
pub(crate) fn read(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sbom, SbomError> {
    let root = parse_tree(bytes, file, limits)?;
    if root.name != "bom" {
        return Err(SbomError::UnknownFormat {
            file: file.to_string(),
            message: format!("XML root element is <{}>, not a CycloneDX <bom>", root.name),
        });
    }
    let namespace = root.attr("xmlns").unwrap_or_default();
    let Some(version) = namespace.strip_prefix("http://cyclonedx.org/schema/bom/") else {
        return Err(SbomError::invalid(
            file,
            format!("<bom> namespace {namespace:?} is not a CycloneDX namespace"),
        ));
    };
    cyclonedx::check_version(version, file)?;
    let json = bom_to_json(&root, version);
    cyclonedx::read_value(json, file, Encoding::Xml)
        .map_err(|e| SbomError::invalid(file, format!("unexpected XML structure: {e}")))?
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

fn attr_value(node: &Node, name: &str) -> Option<Value> {
    node.attr(name).map(|v| Value::String(v.to_string()))
}

fn bom_to_json(bom: &Node, version: &str) -> Value {
    let mut map = Map::new();
    map.insert("bomFormat".into(), json!("CycloneDX"));
    map.insert("specVersion".into(), json!(version));
    put(&mut map, "serialNumber", attr_value(bom, "serialNumber"));
    put(&mut map, "version", attr_value(bom, "version"));
    if let Some(meta) = bom.child("metadata") {
        map.insert("metadata".into(), metadata(meta));
    }
    let components: Vec<Value> = bom
        .items("components", "component")
        .map(component)
        .collect();
    map.insert("components".into(), Value::Array(components));
    let mut deps = Vec::new();
    for d in bom.items("dependencies", "dependency") {
        dependency(d, &mut deps);
    }
    map.insert("dependencies".into(), Value::Array(deps));
    let compositions: Vec<Value> = bom
        .items("compositions", "composition")
        .map(|c| {
            json!({
                "aggregate": c.text_of("aggregate"),
                "assemblies": c.items("assemblies", "assembly").filter_map(|a| attr_value(a, "ref")).collect::<Vec<_>>(),
                "dependencies": c.items("dependencies", "dependency").filter_map(|a| attr_value(a, "ref")).collect::<Vec<_>>(),
            })
        })
        .collect();
    map.insert("compositions".into(), Value::Array(compositions));
    let vulns: Vec<Value> = bom
        .items("vulnerabilities", "vulnerability")
        .map(|_| json!({}))
        .collect();
    map.insert("vulnerabilities".into(), Value::Array(vulns));
    if bom.child("Signature").is_some() || bom.child("signature").is_some() {
        map.insert("signature".into(), json!({}));
    }
    Value::Object(map)
}

fn dependency(d: &Node, out: &mut Vec<Value>) {
    let depends_on: Vec<Value> = d
        .all("dependency")
        .filter_map(|c| attr_value(c, "ref"))
        .collect();
    out.push(json!({ "ref": attr_value(d, "ref"), "dependsOn": depends_on }));
    for c in d.all("dependency") {
        if c.child("dependency").is_some() {
            dependency(c, out);
        }
    }
}

fn metadata(meta: &Node) -> Value {
    let mut map = Map::new();
    put(&mut map, "timestamp", meta.text_of("timestamp"));
    if let Some(tools) = meta.child("tools") {
        let legacy: Vec<Value> = tools.all("tool").map(tool).collect();
        let value = if legacy.is_empty() {
            json!({
                "components": tools.items("components", "component").map(component).collect::<Vec<_>>(),
                "services": tools.items("services", "service").map(tool).collect::<Vec<_>>(),
            })
        } else {
            Value::Array(legacy)
        };
        map.insert("tools".into(), value);
    }
    let authors: Vec<Value> = meta.items("authors", "author").map(contact).collect();
    map.insert("authors".into(), Value::Array(authors));
    if let Some(c) = meta.child("component") {
        map.insert("component".into(), component(c));
    }
    for key in ["manufacture", "manufacturer", "supplier"] {
        if let Some(o) = meta.child(key) {
            map.insert(key.into(), org(o));
        }
    }
    Value::Object(map)
}

fn tool(t: &Node) -> Value {
    json!({
        "vendor": t.text_of("vendor"),
        "group": t.text_of("group"),
        "name": t.text_of("name"),
        "version": t.text_of("version"),
    })
}

fn contact(c: &Node) -> Value {
    json!({ "name": c.text_of("name"), "email": c.text_of("email") })
}

fn org(o: &Node) -> Value {
    json!({
        "name": o.text_of("name"),
        "url": o.all("url").map(|u| json!(u.text.trim())).collect::<Vec<_>>(),
        "contact": o.all("contact").map(contact).collect::<Vec<_>>(),
    })
}

fn hashes(n: &Node) -> Value {
    Value::Array(
        n.items("hashes", "hash")
            .map(|h| json!({ "alg": h.attr("alg"), "content": h.text.trim() }))
            .collect(),
    )
}

fn component(c: &Node) -> Value {
    let mut map = Map::new();
    put(&mut map, "type", attr_value(c, "type"));
    put(&mut map, "bom-ref", attr_value(c, "bom-ref"));
    for key in ["group", "name", "version", "author", "cpe", "purl"] {
        put(&mut map, key, c.text_of(key));
    }
    for key in ["supplier", "manufacturer"] {
        if let Some(o) = c.child(key) {
            map.insert(key.into(), org(o));
        }
    }
    map.insert(
        "authors".into(),
        Value::Array(c.items("authors", "author").map(contact).collect()),
    );
    map.insert("hashes".into(), hashes(c));
    let mut licenses = Vec::new();
    for l in c.all("licenses").flat_map(|l| l.children.iter()) {
        match l.name.as_str() {
            "license" => licenses.push(json!({
                "license": {
                    "id": l.text_of("id"),
                    "name": l.text_of("name"),
                    "acknowledgement": attr_value(l, "acknowledgement"),
                }
            })),
            "expression" => licenses.push(json!({
                "expression": l.text.trim(),
                "acknowledgement": attr_value(l, "acknowledgement"),
            })),
            _ => {}
        }
    }
    map.insert("licenses".into(), Value::Array(licenses));
    if let Some(s) = c.child("swid") {
        map.insert("swid".into(), json!({ "tagId": attr_value(s, "tagId") }));
    }
    let refs: Vec<Value> = c
        .items("externalReferences", "reference")
        .map(|r| json!({ "type": attr_value(r, "type"), "url": r.text_of("url"), "hashes": hashes(r) }))
        .collect();
    map.insert("externalReferences".into(), Value::Array(refs));
    let props: Vec<Value> = c
        .items("properties", "property")
        .map(|p| json!({ "name": attr_value(p, "name"), "value": p.text.trim() }))
        .collect();
    map.insert("properties".into(), Value::Array(props));
    let children: Vec<Value> = c.items("components", "component").map(component).collect();
    map.insert("components".into(), Value::Array(children));
    Value::Object(map)
}
