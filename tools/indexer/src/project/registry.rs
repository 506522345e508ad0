//! The manufacturer registry's events: nodes (name, holder, URI), delegations by epoch,
//! admins, controllers and the owner.

use alloy::primitives::{Address, U256};

use super::{roles, At, Writer};
use crate::bindings::ManufacturerRegistry::ManufacturerRegistryEvents as E;
use crate::codec;
use crate::undo;

/// Keeps the delegation of `operator` for `privilege` on `node` as it is before an event
/// changes it (the block's undo record).
async fn capture_delegation(
    w: &mut Writer<'_>,
    node: U256,
    operator: Address,
    privilege: u8,
) -> eyre::Result<()> {
    let key = vec![
        codec::key(node).into(),
        codec::address(operator).into(),
        i64::from(privilege).into(),
    ];
    w.capture(&undo::DELEGATION, key).await
}

/// Applies one registry event.
#[allow(clippy::too_many_lines)]
pub(crate) async fn apply(w: &mut Writer<'_>, at: &At<'_>, event: E) -> eyre::Result<()> {
    match event {
        E::ManufacturerMinted(e) => {
            w.capture(&undo::MANUFACTURER, vec![codec::key(e.node).into()])
                .await?;
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
            .execute(&mut *w.conn)
            .await?;
        }
        E::ManufacturerRenamed(e) => {
            w.capture(&undo::MANUFACTURER, vec![codec::key(e.node).into()])
                .await?;
            sqlx::query("UPDATE manufacturers SET name = $2, name_key = $3 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(e.newName.clone())
                .bind(e.newName.to_ascii_lowercase())
                .execute(&mut *w.conn)
                .await?;
        }
        E::ManufacturerURIUpdated(e) => {
            w.capture(&undo::MANUFACTURER, vec![codec::key(e.node).into()])
                .await?;
            sqlx::query("UPDATE manufacturers SET uri = $2 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(e.uri)
                .execute(&mut *w.conn)
                .await?;
        }
        E::Transfer(e) => {
            w.capture(&undo::MANUFACTURER, vec![codec::key(e.tokenId).into()])
                .await?;
            sqlx::query("UPDATE manufacturers SET owner = $2 WHERE id = $1")
                .bind(codec::key(e.tokenId))
                .bind(codec::address(e.to))
                .execute(&mut *w.conn)
                .await?;
        }
        E::DelegationsCleared(e) => {
            w.capture(&undo::DELEGATIONS_OF, vec![codec::key(e.node).into()])
                .await?;
            w.capture(&undo::MANUFACTURER, vec![codec::key(e.node).into()])
                .await?;
            sqlx::query("DELETE FROM delegations WHERE manufacturer = $1")
                .bind(codec::key(e.node))
                .execute(&mut *w.conn)
                .await?;
            sqlx::query("UPDATE manufacturers SET epoch = $2 WHERE id = $1")
                .bind(codec::key(e.node))
                .bind(codec::int(e.epoch))
                .execute(&mut *w.conn)
                .await?;
        }
        E::PrivilegeGranted(e) => {
            capture_delegation(w, e.node, e.operator, e.privilege).await?;
            sqlx::query(
                "INSERT INTO delegations (manufacturer, operator, privilege, expires_at, epoch) \
                 VALUES ($1, $2, $3, $4, COALESCE((SELECT epoch FROM manufacturers WHERE id = $1), 0)) \
                 ON CONFLICT (manufacturer, operator, privilege) DO UPDATE SET expires_at = $4",
            )
            .bind(codec::key(e.node))
            .bind(codec::address(e.operator))
            .bind(i64::from(e.privilege))
            .bind(codec::int(e.expiresAt))
            .execute(&mut *w.conn)
            .await?;
        }
        E::PrivilegeRevoked(e) => {
            capture_delegation(w, e.node, e.operator, e.privilege).await?;
            sqlx::query(
                "DELETE FROM delegations WHERE manufacturer = $1 AND operator = $2 AND privilege = $3",
            )
            .bind(codec::key(e.node))
            .bind(codec::address(e.operator))
            .bind(i64::from(e.privilege))
            .execute(&mut *w.conn)
            .await?;
        }
        E::AdminAdded(e) => roles::add(w, "registry:admin", e.account).await?,
        E::AdminRemoved(e) => roles::remove(w, "registry:admin", e.account).await?,
        E::ControllerAdded(e) => roles::add(w, "registry:controller", e.controller).await?,
        E::ControllerRemoved(e) => {
            roles::remove(w, "registry:controller", e.controller).await?;
        }
        E::OwnershipTransferred(e) => roles::set_only(w, "registry:owner", e.newOwner).await?,
        // Approvals, metadata notices, the pending owner and reclaims (whose Transfer and
        // DelegationsCleared carry the change) leave the state as it is.
        _ => {}
    }
    Ok(())
}
