//! The root query: look-ups and relay connections.

use async_graphql::connection::Connection;
use async_graphql::{Context, InputObject, Object, OneofObject};

use super::page::{PageArgs, Total};
use super::scalars::{Address, BigInt};
use super::store::{self, Bind};
use super::types::{
    load_one, Certificate, CertificateStatus, DeviceLicense, DeviceLicenseStatus, FromRow,
    IndexedBlock, Manufacturer,
};
use crate::codec;

/// How to find a manufacturer.
#[derive(Debug, OneofObject)]
pub enum ManufacturerBy {
    /// By name, in any case.
    Name(String),
    /// By node id.
    TokenId(BigInt),
}

/// A serial is unique per manufacturer.
#[derive(Debug, InputObject)]
pub struct SerialOf {
    /// The serial (case-sensitive).
    pub serial: String,
    /// The manufacturer's node id.
    pub manufacturer: BigInt,
}

/// How to find a certificate.
#[derive(Debug, OneofObject)]
pub enum CertificateBy {
    /// By token id.
    TokenId(BigInt),
    /// By current device key.
    Address(Address),
    /// By serial within a manufacturer.
    Serial(SerialOf),
    /// By IMEI (15 digits).
    Imei(String),
}

/// Filters of `deviceLicenses`.
#[derive(Debug, Default, InputObject)]
pub struct DeviceLicenseFilter {
    /// The manufacturer's node id.
    pub manufacturer: Option<BigInt>,
    /// Status.
    pub status: Option<DeviceLicenseStatus>,
}

/// Filters of `certificates`.
#[derive(Debug, Default, InputObject)]
pub struct CertificateFilter {
    /// The manufacturer's node id.
    pub manufacturer: Option<BigInt>,
    /// The current owner.
    pub owner: Option<Address>,
    /// The Hardware Device License.
    pub device_license: Option<BigInt>,
    /// Status.
    pub status: Option<CertificateStatus>,
    /// Provisioned or not.
    pub provisioned: Option<bool>,
}

/// The root query.
#[derive(Debug, Default)]
pub struct Query;

/// A filter's SQL and binds (parameters `$1`…).
#[derive(Debug, Default)]
struct Where {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Where {
    fn add(&mut self, clause: &str, bind: Option<Bind>) {
        match bind {
            Some(bind) => {
                self.binds.push(bind);
                self.clauses
                    .push(clause.replace("$?", &format!("${}", self.binds.len())));
            }
            None => self.clauses.push(clause.to_owned()),
        }
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".to_owned()
        } else {
            self.clauses.join(" AND ")
        }
    }
}

/// One page of `table` (key column `id`) under `filter`.
async fn paged<T: FromRow + async_graphql::OutputType>(
    ctx: &Context<'_>,
    table: &str,
    filter: Where,
    args: PageArgs,
) -> async_graphql::Result<Connection<String, T, Total>> {
    let page = args.check()?;
    let total = store::count(
        ctx,
        &format!("SELECT COUNT(*) FROM {table} WHERE {}", filter.sql()),
        &filter.binds,
    )
    .await?;
    let mut binds = filter.binds.clone();
    let (cursor_sql, order) = page.sql("id", binds.len() + 1);
    if let Some(cursor) = &page.cursor {
        binds.push(Bind::Text(cursor.clone()));
    }
    let sql = format!(
        "SELECT {} FROM {table} WHERE {} AND {cursor_sql} {order}",
        T::COLUMNS,
        filter.sql()
    );
    let rows = store::rows(ctx, &sql, &binds).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        use sqlx::Row;
        items.push((row.try_get::<String, _>("id")?, T::from_row(row)?));
    }
    Ok(page.connection(items, total))
}

/// The complexity of a connection field: its page size times its items' complexity.
#[allow(clippy::cast_sign_loss, clippy::unnecessary_wraps)]
fn page_cost(child: usize, first: Option<i32>, last: Option<i32>) -> usize {
    let size = first
        .or(last)
        .unwrap_or(super::page::DEFAULT_PAGE)
        .clamp(0, super::page::MAX_PAGE) as usize;
    size.max(1) * child + 1
}

#[Object]
impl Query {
    /// The last indexed block: what every answer reflects (also in each response's
    /// `extensions.indexedBlock`).
    #[allow(clippy::unused_async)] // async-graphql resolvers
    async fn indexed_block(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<IndexedBlock>> {
        Ok(ctx.data::<Option<IndexedBlock>>()?.clone())
    }

    /// A manufacturer by name (any case) or node id.
    async fn manufacturer(
        &self,
        ctx: &Context<'_>,
        by: ManufacturerBy,
    ) -> async_graphql::Result<Option<Manufacturer>> {
        match by {
            ManufacturerBy::Name(name) => {
                load_one(ctx, "manufacturers", "name_key", &name.to_ascii_lowercase()).await
            }
            ManufacturerBy::TokenId(id) => {
                load_one(ctx, "manufacturers", "id", &codec::key(id.0)).await
            }
        }
    }

    /// Every manufacturer, by node id.
    #[graphql(complexity = "page_cost(child_complexity, first, last)")]
    async fn manufacturers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<String, Manufacturer, Total>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        paged(ctx, "manufacturers", Where::default(), args).await
    }

    /// A Hardware Device License by id.
    async fn device_license(
        &self,
        ctx: &Context<'_>,
        id: BigInt,
    ) -> async_graphql::Result<Option<DeviceLicense>> {
        load_one(ctx, "device_licenses", "id", &codec::key(id.0)).await
    }

    /// Hardware Device Licenses, by id.
    #[graphql(complexity = "page_cost(child_complexity, first, last)")]
    async fn device_licenses(
        &self,
        ctx: &Context<'_>,
        filter_by: Option<DeviceLicenseFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<String, DeviceLicense, Total>> {
        let filter_by = filter_by.unwrap_or_default();
        let mut filter = Where::default();
        if let Some(m) = filter_by.manufacturer {
            filter.add("manufacturer = $?", Some(Bind::Text(codec::key(m.0))));
        }
        if let Some(s) = filter_by.status {
            filter.add("status = $?", Some(Bind::Int(s.code())));
        }
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        paged(ctx, "device_licenses", filter, args).await
    }

    /// A certificate by token id, current device key, serial within a manufacturer, or
    /// IMEI. A serial or IMEI freed by a void names the certificate that holds it now.
    async fn certificate(
        &self,
        ctx: &Context<'_>,
        by: CertificateBy,
    ) -> async_graphql::Result<Option<Certificate>> {
        let live_first =
            "ORDER BY CASE WHEN status = 4 THEN 1 ELSE 0 END, minted_block DESC LIMIT 1";
        let (condition, binds) = match by {
            CertificateBy::TokenId(id) => ("id = $1", vec![Bind::Text(codec::key(id.0))]),
            CertificateBy::Address(a) => ("device = $1", vec![Bind::Text(codec::address(a.0))]),
            CertificateBy::Serial(s) => (
                "manufacturer = $1 AND serial = $2",
                vec![
                    Bind::Text(codec::key(s.manufacturer.0)),
                    Bind::Text(s.serial),
                ],
            ),
            CertificateBy::Imei(imei) => {
                let digits = imei.len() == 15 && imei.bytes().all(|b| b.is_ascii_digit());
                let value: u64 = imei
                    .parse()
                    .ok()
                    .filter(|v| digits && *v != 0)
                    .ok_or_else(|| format!("an IMEI is 15 digits, not {imei:?}"))?;
                ("imei = $1", vec![Bind::Int(codec::int(value))])
            }
        };
        let sql = format!(
            "SELECT {} FROM certificates WHERE {condition} {live_first}",
            Certificate::COLUMNS
        );
        store::row(ctx, &sql, &binds)
            .await?
            .as_ref()
            .map(Certificate::from_row)
            .transpose()
    }

    /// Certificates, by token id.
    #[graphql(complexity = "page_cost(child_complexity, first, last)")]
    async fn certificates(
        &self,
        ctx: &Context<'_>,
        filter_by: Option<CertificateFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<String, Certificate, Total>> {
        let f = filter_by.unwrap_or_default();
        let mut filter = Where::default();
        if let Some(m) = f.manufacturer {
            filter.add("manufacturer = $?", Some(Bind::Text(codec::key(m.0))));
        }
        if let Some(o) = f.owner {
            filter.add("owner = $?", Some(Bind::Text(codec::address(o.0))));
        }
        if let Some(l) = f.device_license {
            filter.add("device_license = $?", Some(Bind::Text(codec::key(l.0))));
        }
        if let Some(s) = f.status {
            filter.add("status = $?", Some(Bind::Int(s.code())));
        }
        match f.provisioned {
            Some(true) => filter.add("provisioned_at <> 0", None),
            Some(false) => filter.add("provisioned_at = 0", None),
            None => {}
        }
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        paged(ctx, "certificates", filter, args).await
    }
}
