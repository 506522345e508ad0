//! A deployed manufacturer registry in a fresh world, with helpers for the common steps.

use std::fmt;

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use dimo_interfaces::registry::IManufacturerRegistry as R;
use stylus_runtime::{Program, Receipt, World};

use crate::artifacts::{program, REGISTRY};
use crate::calls::{self, Sent};

/// A named test account: the last 20 bytes of keccak-256 of its name.
pub fn account(name: &str) -> Address {
    Address::from_slice(&keccak256(name.as_bytes())[12..])
}

/// The registry program (from `artifacts/manufacturer-registry.wasm`).
pub fn registry_program() -> Program {
    program(REGISTRY)
}

/// A world with a registry deployed by [`Self::deployer`] for the top admin [`Self::owner`].
pub struct RegistryFixture {
    /// The world.
    pub world: World,
    /// The registry's address.
    pub registry: Address,
    /// The top admin.
    pub owner: Address,
    /// The constructor's receipt.
    pub deployment: Receipt,
}

impl RegistryFixture {
    /// The account that deploys.
    pub fn deployer() -> Address {
        account("deployer")
    }

    /// Deploys a registry whose top admin is `account("owner")`.
    ///
    /// # Panics
    ///
    /// If the artifact is missing or the constructor fails.
    pub fn new() -> Self {
        let owner = account("owner");
        let mut world = World::new();
        let deployed = world
            .deploy(
                Self::deployer(),
                &registry_program(),
                &(owner,).abi_encode_params(),
            )
            .unwrap_or_else(|e| panic!("deploying the registry failed: {e}"));
        Self {
            world,
            registry: deployed.address,
            owner,
            deployment: deployed
                .receipt
                .unwrap_or_else(|| unreachable!("a constructor ran")),
        }
    }

    /// Sends `call` to the registry from `from`.
    pub fn send<C: SolCall>(&mut self, from: Address, call: &C) -> Sent<C> {
        calls::send(&mut self.world, from, self.registry, call)
    }

    /// Sends `call` from `from` and returns its decoded result.
    ///
    /// # Panics
    ///
    /// If the call fails.
    pub fn ok<C: SolCall>(&mut self, from: Address, call: &C) -> C::Return {
        self.send(from, call).ok()
    }

    /// A view call (not committed).
    pub fn view<C: SolCall>(&mut self, call: &C) -> C::Return {
        calls::view(&mut self.world, self.registry, call)
    }

    /// Sends `call`, which must revert with exactly `expected`, and checks that the world
    /// state is byte-for-byte what it was before.
    ///
    /// # Panics
    ///
    /// If the call does anything else.
    pub fn refused<C: SolCall, E: SolError + PartialEq + fmt::Debug>(
        &mut self,
        from: Address,
        call: &C,
        expected: &E,
    ) {
        let before = self.world.state().clone();
        let sent = self.send(from, call);
        assert_eq!(&sent.error::<E>(), expected, "{}", C::SIGNATURE);
        assert!(sent.receipt.logs.is_empty());
        assert!(
            self.world.state() == &before,
            "{} reverted but changed the world state",
            C::SIGNATURE
        );
    }

    /// Makes `controller` a controller (as the top admin).
    pub fn add_controller(&mut self, controller: Address) {
        let owner = self.owner;
        self.ok(owner, &R::addControllerCall { controller });
    }

    /// Mints a node named `name` to `holder` (as the top admin); returns its id.
    pub fn mint(&mut self, holder: Address, name: &str) -> U256 {
        let owner = self.owner;
        self.ok(
            owner,
            &R::mintManufacturerCall {
                owner: holder,
                name: name.into(),
            },
        )
        ._0
    }

    /// Adds `controller` and mints a node named `name` to it; returns the id.
    pub fn controller_with_node(&mut self, controller: Address, name: &str) -> U256 {
        self.add_controller(controller);
        self.mint(controller, name)
    }
}

impl Default for RegistryFixture {
    fn default() -> Self {
        Self::new()
    }
}
