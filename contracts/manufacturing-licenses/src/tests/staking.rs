//! Stakes: `stake`, `unstake`, `slash`, `stakeOf`, `unstakeUnlocksAt`, `totalStaked`.

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::IManufacturingLicenses as M;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::{self, IErc20};

use super::{hash, min, node1, node2, tokens, who, World, NOW};

/// Writes the time `node`'s licence last changed status straight into storage: the only way
/// to move a revocation into the past, as motsu's clock is fixed.
fn set_changed_at(world: &World, node: U256, at: u64) {
    world
        .licenses
        .sender(Address::ZERO)
        .nodes
        .setter(node)
        .changed_at
        .set(U64::from(at));
}

/// Writes `node`'s licence expiry straight into storage.
fn set_expires_at(world: &World, node: U256, at: u64) {
    world
        .licenses
        .sender(Address::ZERO)
        .nodes
        .setter(node)
        .expires_at
        .set(U64::from(at));
}

#[motsu::test]
fn holder_stakes_and_tokens_move(bob: Address) {
    let world = World::new();
    let before = world.balance(bob);
    world.stake(bob, node1(), tokens(60_000));
    world.stake(bob, node1(), tokens(40_000));

    let view = world.licenses.sender(bob);
    assert_eq!(view.stake_of(node1()), min());
    assert_eq!(view.total_staked(), min());
    drop(view);
    assert_eq!(world.held(), min());
    assert_eq!(world.balance(bob), before - min());
    world.licenses.assert_emitted(&M::Staked {
        node: node1(),
        from: bob,
        amount: tokens(40_000),
        stake: min(),
    });
    world.token.assert_emitted(&erc20::Transfer {
        from: bob,
        to: world.licenses.address(),
        value: tokens(40_000),
    });
}

#[motsu::test]
fn delegate_stakes_its_own_tokens_for_the_node(bob: Address, dave: Address) {
    let world = World::new();
    let (bob_before, dave_before) = (world.balance(bob), world.balance(dave));
    world.stake(dave, node1(), tokens(7));
    assert_eq!(world.licenses.sender(dave).stake_of(node1()), tokens(7));
    assert_eq!(world.balance(dave), dave_before - tokens(7));
    assert_eq!(world.balance(bob), bob_before);
    world.licenses.assert_emitted(&M::Staked {
        node: node1(),
        from: dave,
        amount: tokens(7),
        stake: tokens(7),
    });
}

#[motsu::test]
fn stakes_are_kept_per_node(bob: Address, grace: Address) {
    let world = World::new();
    world.stake(bob, node1(), tokens(3));
    world.stake(grace, node2(), tokens(5));
    let view = world.licenses.sender(bob);
    assert_eq!(view.stake_of(node1()), tokens(3));
    assert_eq!(view.stake_of(node2()), tokens(5));
    assert_eq!(view.total_staked(), tokens(8));
    drop(view);
    assert_eq!(world.held(), tokens(8));
}

#[motsu::test]
fn stake_refuses_callers_without_the_privilege(alice: Address, carol: Address, grace: Address) {
    let world = World::new();
    world
        .token
        .sender(alice)
        .mint(alice, tokens(10))
        .motsu_unwrap();
    for (role, caller, node) in [
        ("admin", alice, node1()),
        ("licence manager", carol, node1()),
        ("holder of another node", grace, node1()),
        (
            "anyone, for a node that does not exist",
            grace,
            U256::from(9),
        ),
    ] {
        assert_refused!(
            world,
            world.licenses.sender(caller).stake(node, tokens(1)),
            CallerNotAuthorized,
            M::CallerNotAuthorized {
                node,
                account: caller
            },
            "{role}"
        );
    }
}

#[motsu::test]
fn stake_refusals(bob: Address) {
    let world = World::new();
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), U256::ZERO),
        InvalidAmount,
        M::InvalidAmount { amount: U256::ZERO }
    );
    // More than bob holds: the token refuses the transfer.
    let too_much = world.balance(bob) + U256::from(1);
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), too_much),
        SafeErc20FailedOperation,
        M::SafeErc20FailedOperation {
            token: world.token.address()
        }
    );
    // No allowance left: the token refuses the transfer.
    world
        .token
        .sender(bob)
        .approve(world.licenses.address(), U256::ZERO)
        .motsu_unwrap();
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        SafeErc20FailedOperation,
        M::SafeErc20FailedOperation {
            token: world.token.address()
        }
    );
    world.licenses.sender(bob).locked.set(true);
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        ReentrantCall,
        M::ReentrantCall {}
    );
}

#[motsu::test]
fn staking_needs_a_token(bob: Address) {
    let world = World::deployed();
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        StakingTokenNotSet,
        M::StakingTokenNotSet {}
    );
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), tokens(1)),
        StakingTokenNotSet,
        M::StakingTokenNotSet {}
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(who("alice"))
            .slash(node1(), tokens(1), hash(1)),
        StakingTokenNotSet,
        M::StakingTokenNotSet {}
    );
}

#[motsu::test]
fn unlicensed_node_unstakes_everything_to_its_holder(bob: Address, dave: Address) {
    let world = World::new();
    world.stake(dave, node1(), tokens(10));
    let (bob_before, dave_before) = (world.balance(bob), world.balance(dave));

    // The delegate asks, the holder is paid.
    world
        .licenses
        .sender(dave)
        .unstake(node1(), tokens(4))
        .motsu_unwrap();
    assert_eq!(world.balance(bob), bob_before + tokens(4));
    assert_eq!(world.balance(dave), dave_before);
    world.licenses.assert_emitted(&M::Unstaked {
        node: node1(),
        to: bob,
        amount: tokens(4),
        stake: tokens(6),
        by: dave,
    });

    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(6))
        .motsu_unwrap();
    assert!(world.licenses.sender(bob).stake_of(node1()).is_zero());
    assert!(world.licenses.sender(bob).total_staked().is_zero());
    assert!(world.held().is_zero());
    assert_eq!(world.balance(bob), bob_before + tokens(10));
    world.token.assert_emitted(&erc20::Transfer {
        from: world.licenses.address(),
        to: bob,
        value: tokens(6),
    });
}

#[motsu::test]
fn unstake_refusals(bob: Address, grace: Address) {
    let world = World::new();
    world.stake(bob, node1(), tokens(10));
    assert_refused!(
        world,
        world.licenses.sender(grace).unstake(node1(), tokens(1)),
        CallerNotAuthorized,
        M::CallerNotAuthorized {
            node: node1(),
            account: grace
        }
    );
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), U256::ZERO),
        InvalidAmount,
        M::InvalidAmount { amount: U256::ZERO }
    );
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), tokens(11)),
        InsufficientStake,
        M::InsufficientStake {
            node: node1(),
            stake: tokens(10),
            amount: tokens(11)
        }
    );
    world.licenses.sender(bob).locked.set(true);
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), tokens(1)),
        ReentrantCall,
        M::ReentrantCall {}
    );
}

#[motsu::test]
fn licensed_node_unstakes_only_down_to_the_minimum(bob: Address) {
    let world = World::new();
    world.license(node1());
    world.stake(bob, node1(), tokens(5));
    assert_eq!(
        world.licenses.sender(bob).unstake_unlocks_at(node1()),
        u64::MAX
    );

    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(5))
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(bob).stake_of(node1()), min());
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), U256::from(1)),
        StakeLocked,
        M::StakeLocked {
            node: node1(),
            remaining: min() - U256::from(1),
            minimum: min()
        }
    );

    // Suspended is still in force for the stake.
    world
        .licenses
        .sender(who("carol"))
        .suspend_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), min()),
        StakeLocked,
        M::StakeLocked {
            node: node1(),
            remaining: U256::ZERO,
            minimum: min()
        }
    );
}

#[motsu::test]
fn revoked_licence_frees_the_stake_after_the_cooldown(alice: Address, bob: Address) {
    let world = World::new();
    world
        .licenses
        .sender(alice)
        .set_unstake_cooldown(3600)
        .motsu_unwrap();
    world.license(node1());
    world
        .licenses
        .sender(who("carol"))
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    assert_eq!(
        world.licenses.sender(bob).unstake_unlocks_at(node1()),
        NOW + 3600
    );
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), U256::from(1)),
        UnstakeCooldownActive,
        M::UnstakeCooldownActive {
            node: node1(),
            unlocksAt: NOW + 3600
        }
    );

    // One second short of the cooldown, then exactly the cooldown.
    set_changed_at(&world, node1(), NOW - 3599);
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), U256::from(1)),
        UnstakeCooldownActive,
        M::UnstakeCooldownActive {
            node: node1(),
            unlocksAt: NOW + 1
        }
    );
    set_changed_at(&world, node1(), NOW - 3600);
    assert_eq!(world.licenses.sender(bob).unstake_unlocks_at(node1()), NOW);
    world
        .licenses
        .sender(bob)
        .unstake(node1(), min())
        .motsu_unwrap();
    assert!(world.held().is_zero());
}

/// L4: with the default cooldown a holder cannot pull the stake between a revocation and the
/// slash: it stays slashable for [`DEFAULT_UNSTAKE_COOLDOWN`] after the revocation.
///
/// [`DEFAULT_UNSTAKE_COOLDOWN`]: dimo_interfaces::licenses::DEFAULT_UNSTAKE_COOLDOWN
#[motsu::test]
fn a_revoked_licences_stake_stays_slashable_for_the_default_cooldown(alice: Address, bob: Address) {
    let world = World::new();
    let cooldown = dimo_interfaces::licenses::DEFAULT_UNSTAKE_COOLDOWN;
    world.license(node1());
    world
        .licenses
        .sender(who("carol"))
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), min()),
        UnstakeCooldownActive,
        M::UnstakeCooldownActive {
            node: node1(),
            unlocksAt: NOW + cooldown
        }
    );
    world
        .licenses
        .sender(alice)
        .slash(node1(), U256::from(1), hash(4))
        .motsu_unwrap();
    set_changed_at(&world, node1(), NOW - cooldown);
    world
        .licenses
        .sender(bob)
        .unstake(node1(), min() - U256::from(1))
        .motsu_unwrap();
    assert!(world.licenses.sender(bob).stake_of(node1()).is_zero());
}

#[motsu::test]
fn cooldown_does_not_hold_back_stake_above_the_minimum(alice: Address, bob: Address) {
    let world = World::new();
    world
        .licenses
        .sender(alice)
        .set_unstake_cooldown(3600)
        .motsu_unwrap();
    world.license(node1());
    world.stake(bob, node1(), tokens(9));
    world
        .licenses
        .sender(who("carol"))
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(9))
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(bob).stake_of(node1()), min());
}

#[motsu::test]
fn expired_licence_frees_the_stake_after_the_cooldown(alice: Address, bob: Address) {
    let world = World::new();
    world
        .licenses
        .sender(alice)
        .set_unstake_cooldown(100)
        .motsu_unwrap();
    world.stake(bob, node1(), min());
    world.publish(1);
    world.accept(node1());
    world
        .licenses
        .sender(who("carol"))
        .grant_manufacturing_license(node1(), NOW + 10, hash(1))
        .motsu_unwrap();
    assert_eq!(
        world.licenses.sender(bob).unstake_unlocks_at(node1()),
        u64::MAX
    );

    set_expires_at(&world, node1(), NOW - 50);
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    assert_refused!(
        world,
        world.licenses.sender(bob).unstake(node1(), min()),
        UnstakeCooldownActive,
        M::UnstakeCooldownActive {
            node: node1(),
            unlocksAt: NOW + 50
        }
    );
    set_expires_at(&world, node1(), NOW - 100);
    world
        .licenses
        .sender(bob)
        .unstake(node1(), min())
        .motsu_unwrap();
    assert!(world.licenses.sender(bob).stake_of(node1()).is_zero());
}

#[motsu::test]
fn stake_stays_with_the_node_when_it_changes_hands(
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let world = World::new();
    world.stake(bob, node1(), tokens(10));
    world
        .registry
        .sender(alice)
        .add_controller(erin)
        .motsu_unwrap();
    openzeppelin_stylus::token::erc721::IErc721::transfer_from(
        &mut *world.registry.sender(bob),
        bob,
        erin,
        node1(),
    )
    .motsu_unwrap();

    // The old holder and its delegate lost their say; the new holder is paid.
    for caller in [bob, dave] {
        assert_refused!(
            world,
            world.licenses.sender(caller).unstake(node1(), tokens(1)),
            CallerNotAuthorized,
            M::CallerNotAuthorized {
                node: node1(),
                account: caller
            },
            "{caller}"
        );
    }
    let erin_before = world.balance(erin);
    world
        .licenses
        .sender(erin)
        .unstake(node1(), tokens(10))
        .motsu_unwrap();
    assert_eq!(world.balance(erin), erin_before + tokens(10));
}

#[motsu::test]
fn admin_slashes_to_the_treasury(alice: Address, bob: Address, frank: Address) {
    let world = World::new();
    world.license(node1());
    world
        .licenses
        .sender(alice)
        .slash(node1(), tokens(30_000), hash(9))
        .motsu_unwrap();
    assert_eq!(world.balance(frank), tokens(30_000));
    assert_eq!(
        world.licenses.sender(bob).stake_of(node1()),
        min() - tokens(30_000)
    );
    assert_eq!(world.licenses.sender(bob).total_staked(), world.held());
    world.licenses.assert_emitted(&M::StakeSlashed {
        node: node1(),
        treasury: frank,
        amount: tokens(30_000),
        stake: min() - tokens(30_000),
        reason: hash(9),
        by: alice,
    });
    // The licence stands but no longer counts, until the stake is topped up.
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    world.stake(bob, node1(), tokens(30_000));
    assert!(world.licenses.sender(bob).is_manufacturer_licensed(node1()));

    // Wholly.
    world
        .licenses
        .sender(alice)
        .slash(node1(), min(), hash(10))
        .motsu_unwrap();
    assert!(world.licenses.sender(bob).stake_of(node1()).is_zero());
    assert!(world.held().is_zero());
    assert_eq!(world.balance(frank), tokens(30_000) + min());
}

#[motsu::test]
fn slash_refusals(alice: Address, bob: Address, carol: Address, dave: Address) {
    let world = World::new();
    world.stake(bob, node1(), tokens(10));
    for (role, caller) in [
        ("licence manager", carol),
        ("holder", bob),
        ("delegate", dave),
    ] {
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .slash(node1(), tokens(1), hash(1)),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "{role}"
        );
    }
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .slash(node1(), U256::ZERO, hash(1)),
        InvalidAmount,
        M::InvalidAmount { amount: U256::ZERO }
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .slash(node1(), tokens(11), hash(1)),
        InsufficientStake,
        M::InsufficientStake {
            node: node1(),
            stake: tokens(10),
            amount: tokens(11)
        }
    );
    world.licenses.sender(alice).locked.set(true);
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .slash(node1(), tokens(1), hash(1)),
        ReentrantCall,
        M::ReentrantCall {}
    );
}

#[motsu::test]
fn slashing_needs_a_treasury(alice: Address, bob: Address) {
    let world = World::deployed();
    world
        .licenses
        .sender(alice)
        .set_staking_token(world.token.address())
        .motsu_unwrap();
    world.stake(bob, node1(), tokens(10));
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .slash(node1(), tokens(1), hash(1)),
        TreasuryNotSet,
        M::TreasuryNotSet {}
    );
}
