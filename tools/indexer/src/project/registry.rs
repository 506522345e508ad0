//! The manufacturer registry's events: nodes (name, holder, URI), delegations by epoch,
//! admins, controllers and the owner.

use sqlx::AnyConnection;

use super::{roles, At};
use crate::bindings::ManufacturerRegistry::ManufacturerRegistryEvents as E;
use crate::codec;

/// Applies one registry event.
pub(crate) async fn apply(conn: &mut AnyConnection, at: &At<'_>, event: E) -> eyre::Result<()> {
    match event {
        E::ManufacturerMinted(e) => {
            sqlx::query(
                "INSERT INTO manufacturers (id, name, name_key, owner, uri, epoch, minted_block, minted_at) \
                 VALUES ($1, $2, $3, $4, '', 0, $5, $6) \
                 ON CONFLICT (id) DO UPDATE SET name = $2, name_key = $3, owner = $4",
            )
            .bind(codec::key(e.node))
            .bind(e.name.clone())
            .bind(e.name.to_ascii_lowercase())
            .bind(codec::address(e.owner))
            .bind(codec::int(at.block))
            .bind(codec::int(at.time))
            .execute(conn)
            .await?;
        }
        E::ManufacturerRenamed(e) => {
            sqlx::query("UPDATE manufacturers SET name = $2, name_key = $3 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(e.newName.clone())
                .bind(e.newName.to_ascii_lowercase())
                .execute(conn)
                .await?;
        }
        E::ManufacturerURIUpdated(e) => {
            sqlx::query("UPDATE manufacturers SET uri = $2 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(e.uri)
                .execute(conn)
                .await?;
        }
        E::Transfer(e) => {
            sqlx::query("UPDATE manufacturers SET owner = $2 WHERE id = $1")
                .bind(codec::key(e.tokenId))
                .bind(codec::address(e.to))
                .execute(conn)
                .await?;
        }
        E::DelegationsCleared(e) => {
            sqlx::query("DELETE FROM delegations WHERE manufacturer = $1")
                .bind(codec::key(e.node))
                .execute(&mut *conn)
                .await?;
            sqlx::query("UPDATE manufacturers SET epoch = $2 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(codec::int(e.epoch))
                .execute(conn)
                .await?;
        }
        E::PrivilegeGranted(e) => {
            sqlx::query(
                "INSERT INTO delegations (manufacturer, operator, privilege, expires_at, epoch) \
                 VALUES ($1, $2, $3, $4, COALESCE((SELECT epoch FROM manufacturers WHERE id = $1), 0)) \
                 ON CONFLICT (manufacturer, operator, privilege) DO UPDATE SET expires_at = $4",
            )
            .bind(codec::key(e.node))
            .bind(codec::address(e.operator))
            .bind(i64::from(e.privilege))
            .bind(codec::int(e.expiresAt))
            .execute(conn)
            .await?;
        }
        E::PrivilegeRevoked(e) => {
            sqlx::query(
                "DELETE FROM delegations WHERE manufacturer = $1 AND operator = $2 AND privilege = $3",
            )
            .bind(codec::key(e.node))
            .bind(codec::address(e.operator))
            .bind(i64::from(e.privilege))
            .execute(conn)
            .await?;
        }
        E::AdminAdded(e) => roles::add(conn, "registry:admin", e.account).await?,
        E::AdminRemoved(e) => roles::remove(conn, "registry:admin", e.account).await?,
        E::ControllerAdded(e) => roles::add(conn, "registry:controller", e.controller).await?,
        E::ControllerRemoved(e) => {
            roles::remove(conn, "registry:controller", e.controller).await?;
        }
        E::OwnershipTransferred(e) => roles::set_only(conn, "registry:owner", e.newOwner).await?,
        // Approvals, metadata notices, the pending owner and reclaims (whose Transfer and
        // DelegationsCleared carry the change) leave the state as it is.
        _ => {}
    }
    Ok(())
}
