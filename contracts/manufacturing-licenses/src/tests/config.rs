//! The staking configuration: token, minimum stake, cooldown, treasury.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::IManufacturingLicenses as M;
use motsu::prelude::*;

use super::{min, node1, tokens, who, World};

/// The accounts that are not admins, with their roles.
fn non_admins() -> [(&'static str, Address); 4] {
    [
        ("licence manager", who("carol")),
        ("holder", who("bob")),
        ("delegate", who("dave")),
        ("outsider", who("erin")),
    ]
}

#[motsu::test]
fn admin_sets_token_treasury_minimum_and_cooldown(alice: Address, erin: Address) {
    let world = World::deployed();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    let token = world.token.address();
    world
        .licenses
        .sender(alice)
        .set_staking_token(token)
        .motsu_unwrap();
    world
        .licenses
        .assert_emitted(&M::StakingTokenSet { token, by: alice });
    world
        .licenses
        .sender(erin)
        .set_treasury(who("frank"))
        .motsu_unwrap();
    world.licenses.assert_emitted(&M::TreasurySet {
        treasury: who("frank"),
        by: erin,
    });
    world
        .licenses
        .sender(erin)
        .set_minimum_stake(tokens(5))
        .motsu_unwrap();
    world.licenses.assert_emitted(&M::MinimumStakeSet {
        amount: tokens(5),
        by: erin,
    });
    world
        .licenses
        .sender(alice)
        .set_unstake_cooldown(86_400)
        .motsu_unwrap();
    world.licenses.assert_emitted(&M::UnstakeCooldownSet {
        cooldown: 86_400,
        by: alice,
    });

    let view = world.licenses.sender(alice);
    assert_eq!(view.staking_token(), token);
    assert_eq!(view.treasury(), who("frank"));
    assert_eq!(view.minimum_stake(), tokens(5));
    assert_eq!(view.unstake_cooldown(), 86_400);
}

#[motsu::test]
fn configuration_refuses_non_admins() {
    let world = World::new();
    let token = world.token.address();
    for (role, caller) in non_admins() {
        let refusal = Adm::CallerNotAdmin { account: caller };
        assert_refused!(
            world,
            world.licenses.sender(caller).set_staking_token(token),
            CallerNotAdmin,
            refusal.clone(),
            "token by {role}"
        );
        assert_refused!(
            world,
            world.licenses.sender(caller).set_minimum_stake(tokens(1)),
            CallerNotAdmin,
            refusal.clone(),
            "minimum by {role}"
        );
        assert_refused!(
            world,
            world.licenses.sender(caller).set_unstake_cooldown(1),
            CallerNotAdmin,
            refusal.clone(),
            "cooldown by {role}"
        );
        assert_refused!(
            world,
            world.licenses.sender(caller).set_treasury(caller),
            CallerNotAdmin,
            refusal,
            "treasury by {role}"
        );
    }
}

#[motsu::test]
fn configuration_refuses_zero_values(alice: Address) {
    let world = World::new();
    let zero = Adm::InvalidAccount {
        account: Address::ZERO,
    };
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .set_staking_token(Address::ZERO),
        InvalidAccount,
        zero.clone()
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).set_treasury(Address::ZERO),
        InvalidAccount,
        zero
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).set_minimum_stake(U256::ZERO),
        InvalidAmount,
        M::InvalidAmount { amount: U256::ZERO }
    );
}

#[motsu::test]
fn token_changes_only_while_nothing_is_staked(alice: Address, bob: Address) {
    let world = World::new();
    world.stake(bob, node1(), tokens(10));
    assert_refused!(
        world,
        world.licenses.sender(alice).set_staking_token(who("erin")),
        StakesOutstanding,
        M::StakesOutstanding {
            totalStaked: tokens(10)
        }
    );
    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(10))
        .motsu_unwrap();
    world
        .licenses
        .sender(alice)
        .set_staking_token(who("erin"))
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(alice).staking_token(), who("erin"));
}

#[motsu::test]
fn token_cannot_change_during_a_token_call(alice: Address) {
    let world = World::new();
    world.licenses.sender(alice).locked.set(true);
    assert_refused!(
        world,
        world.licenses.sender(alice).set_staking_token(who("erin")),
        ReentrantCall,
        M::ReentrantCall {}
    );
}

#[motsu::test]
fn raising_the_minimum_unlicenses_understaked_nodes(alice: Address, bob: Address) {
    let world = World::new();
    world.license(node1());
    assert!(world
        .licenses
        .sender(alice)
        .is_manufacturer_licensed(node1()));
    world
        .licenses
        .sender(alice)
        .set_minimum_stake(min() + U256::from(1))
        .motsu_unwrap();
    assert!(!world
        .licenses
        .sender(alice)
        .is_manufacturer_licensed(node1()));
    world.stake(bob, node1(), U256::from(1));
    assert!(world
        .licenses
        .sender(alice)
        .is_manufacturer_licensed(node1()));
}
