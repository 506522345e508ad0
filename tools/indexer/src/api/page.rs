//! Relay connections: the page arguments, their checks (one direction at a time, at most
//! [`MAX_PAGE`] items, cursors that are keys) and the SQL they turn into.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{OutputType, SimpleObject};

/// Most items in one page.
pub const MAX_PAGE: i32 = 100;
/// Items in a page when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: i32 = 20;

/// The page arguments of a connection field.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// A checked page request.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Items wanted.
    pub size: i64,
    /// Walking backwards (`last`/`before`).
    pub backward: bool,
    /// The cursor to start after (forward) or before (backward).
    pub cursor: Option<String>,
}

/// The connection's extra field.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct Total {
    /// Items matching the filter, over all pages.
    pub total_count: i64,
}

fn cursor(text: Option<String>) -> async_graphql::Result<Option<String>> {
    match text {
        None => Ok(None),
        Some(c) if c.len() == 64 && c.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) => {
            Ok(Some(c))
        }
        Some(c) => Err(format!("invalid cursor {c:?}").into()),
    }
}

impl PageArgs {
    /// Checks the arguments.
    pub(crate) fn check(self) -> async_graphql::Result<Page> {
        if self.first.is_some() && self.last.is_some() {
            return Err("give first or last, not both".into());
        }
        if self.after.is_some() && self.last.is_some()
            || self.before.is_some() && self.first.is_some()
        {
            return Err("after goes with first, before with last".into());
        }
        let backward = self.last.is_some() || self.before.is_some();
        let size = self.first.or(self.last).unwrap_or(DEFAULT_PAGE);
        if !(0..=MAX_PAGE).contains(&size) {
            return Err(format!("page size {size} is outside 0..={MAX_PAGE}").into());
        }
        let cursor = cursor(if backward { self.before } else { self.after })?;
        Ok(Page {
            size: i64::from(size),
            backward,
            cursor,
        })
    }
}

impl Page {
    /// The key condition and order for key column `column`, with the cursor as parameter
    /// `$n` when there is one.
    pub(crate) fn sql(&self, column: &str, n: usize) -> (String, String) {
        let (op, order) = if self.backward {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let condition = if self.cursor.is_some() {
            format!("{column} {op} ${n}")
        } else {
            "1 = 1".to_owned()
        };
        (
            condition,
            format!("ORDER BY {column} {order} LIMIT {}", self.size + 1),
        )
    }

    /// The connection from rows fetched with [`Page::sql`] (one more than the page size, to
    /// know whether there is more).
    pub(crate) fn connection<T: OutputType>(
        &self,
        mut rows: Vec<(String, T)>,
        total: i64,
    ) -> Connection<String, T, Total> {
        let more = i64::try_from(rows.len()).unwrap_or(i64::MAX) > self.size;
        rows.truncate(usize::try_from(self.size).unwrap_or(0));
        if self.backward {
            rows.reverse();
        }
        let (previous, next) = if self.backward {
            (more, self.cursor.is_some())
        } else {
            (self.cursor.is_some(), more)
        };
        let mut connection =
            Connection::with_additional_fields(previous, next, Total { total_count: total });
        connection
            .edges
            .extend(rows.into_iter().map(|(key, node)| Edge::new(key, node)));
        connection
    }
}
