//! Role lists (admins, controllers, licence managers, auditors, team members, owners), one
//! table for all contracts: `registry_roles(role, account)` with the role named
//! `<contract>:<role>`.

use alloy::primitives::Address;
use sqlx::AnyConnection;

use crate::codec;

/// Adds `account` to `role`.
pub(crate) async fn add(
    conn: &mut AnyConnection,
    role: &str,
    account: Address,
) -> eyre::Result<()> {
    sqlx::query(
        "INSERT INTO registry_roles (role, account) VALUES ($1, $2) \
         ON CONFLICT (role, account) DO NOTHING",
    )
    .bind(role.to_owned())
    .bind(codec::address(account))
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes `account` from `role`.
pub(crate) async fn remove(
    conn: &mut AnyConnection,
    role: &str,
    account: Address,
) -> eyre::Result<()> {
    sqlx::query("DELETE FROM registry_roles WHERE role = $1 AND account = $2")
        .bind(role.to_owned())
        .bind(codec::address(account))
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes `account` the only holder of `role` (an owner; none for the zero address).
pub(crate) async fn set_only(
    conn: &mut AnyConnection,
    role: &str,
    account: Address,
) -> eyre::Result<()> {
    sqlx::query("DELETE FROM registry_roles WHERE role = $1")
        .bind(role.to_owned())
        .execute(&mut *conn)
        .await?;
    if !account.is_zero() {
        add(conn, role, account).await?;
    }
    Ok(())
}
