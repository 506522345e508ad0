//! What a command prints: a [`Report`] of named fields and optional tables, shown as readable
//! tables by default and as one JSON object with `--json`.

use comfy_table::Table;
use serde_json::{Map, Value};

/// A list of records shown as a table (and as an array of objects in JSON).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    /// Column names.
    pub columns: Vec<String>,
    /// One entry per row, as many as `columns`.
    pub rows: Vec<Vec<String>>,
}

/// A command's result.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    /// Named fields, in order.
    pub fields: Vec<(String, Value)>,
    /// Named tables, in order.
    pub tables: Vec<(String, Rows)>,
}

impl Report {
    /// Sets field `name` (replacing its value if it is already there).
    pub(crate) fn field(&mut self, name: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => self.fields.push((name.to_owned(), value)),
        }
        self
    }

    /// Adds table `name`.
    pub(crate) fn table(&mut self, name: &str, columns: &[&str], rows: Vec<Vec<String>>) {
        self.tables.push((
            name.to_owned(),
            Rows {
                columns: columns.iter().map(|c| (*c).to_owned()).collect(),
                rows,
            },
        ));
    }

    /// The report as one JSON object.
    pub(crate) fn json(&self) -> Value {
        let mut out: Map<String, Value> = self.fields.iter().cloned().collect();
        for (name, rows) in &self.tables {
            let items = rows
                .rows
                .iter()
                .map(|row| {
                    Value::Object(
                        rows.columns
                            .iter()
                            .cloned()
                            .zip(row.iter().cloned().map(Value::String))
                            .collect(),
                    )
                })
                .collect();
            out.insert(name.clone(), Value::Array(items));
        }
        Value::Object(out)
    }

    /// The report as text tables.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        if !self.fields.is_empty() {
            let mut table = Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            for (name, value) in &self.fields {
                table.add_row(vec![name.clone(), plain(value)]);
            }
            out.push_str(&table.to_string());
            out.push('\n');
        }
        for (name, rows) in &self.tables {
            out.push_str(name);
            out.push('\n');
            let mut table = Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(rows.columns.clone());
            for row in &rows.rows {
                table.add_row(row.clone());
            }
            out.push_str(&table.to_string());
            out.push('\n');
        }
        out
    }

    /// Prints the report (JSON with `json`).
    pub(crate) fn print(&self, json: bool) {
        if json {
            println!("{}", self.json());
        } else {
            print!("{}", self.text());
        }
    }
}

/// A JSON value as table text: strings without quotes, arrays one item per line.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}
