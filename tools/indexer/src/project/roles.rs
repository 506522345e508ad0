//! Role lists (admins, controllers, licence managers, auditors, team members, owners), one
//! table for all contracts: `registry_roles(role, account)` with the role named
//! `<contract>:<role>`.

use alloy::primitives::Address;

use super::Writer;
use crate::codec;
use crate::undo;

/// `account`'s membership of `role` is about to change.
async fn member(w: &mut Writer<'_>, role: &str, account: Address) -> eyre::Result<()> {
    w.capture(
        &undo::ROLE_MEMBER,
        vec![role.to_owned().into(), codec::address(account).into()],
    )
    .await
}

/// Adds `account` to `role`.
pub(crate) async fn add(w: &mut Writer<'_>, role: &str, account: Address) -> eyre::Result<()> {
    member(w, role, account).await?;
    sqlx::query(
        "INSERT INTO registry_roles (role, account) VALUES ($1, $2) \
         ON CONFLICT (role, account) DO NOTHING",
    )
    .bind(role.to_owned())
    .bind(codec::address(account))
    .execute(&mut *w.conn)
    .await?;
    Ok(())
}

/// Removes `account` from `role`.
pub(crate) async fn remove(w: &mut Writer<'_>, role: &str, account: Address) -> eyre::Result<()> {
    member(w, role, account).await?;
    sqlx::query("DELETE FROM registry_roles WHERE role = $1 AND account = $2")
        .bind(role.to_owned())
        .bind(codec::address(account))
        .execute(&mut *w.conn)
        .await?;
    Ok(())
}

/// Makes `account` the only holder of `role` (an owner; none for the zero address).
pub(crate) async fn set_only(w: &mut Writer<'_>, role: &str, account: Address) -> eyre::Result<()> {
    w.capture(&undo::ROLE, vec![role.to_owned().into()]).await?;
    sqlx::query("DELETE FROM registry_roles WHERE role = $1")
        .bind(role.to_owned())
        .execute(&mut *w.conn)
        .await?;
    if !account.is_zero() {
        add(w, role, account).await?;
    }
    Ok(())
}
