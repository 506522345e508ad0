//! Properties: random sequences of authorizations, revocations, transfers, claims and
//! retirements keep `authorizedOrganizations` equal to a simple model: a list per token that
//! grows at the end, loses an entry by swap-remove, and is emptied on every change of owner.

use alloc::{format, vec::Vec};

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;
use proptest::{collection::vec, prelude::*, test_runner::TestCaseError};

use super::{cert, org, transfer, Token, PATHS};
use crate::Error;

/// Accounts taking part: 0 is the contract owner, 1 the issuer, 2 to 4 holders; the zero
/// address (index 5) is only ever a target.
const ACTORS: usize = 6;
/// Certificates in play: [`cert`] `1..=TOKENS`.
const TOKENS: usize = 3;
/// Organizations operations pick from: [`org`] `1..=ORG_POOL`, and 0 for the zero address.
/// More than `MAX_ORGANIZATIONS`, so that lists fill up.
const ORG_POOL: u8 = 10;

/// The account at `index`.
fn actor(index: usize) -> Address {
    if index == ACTORS - 1 {
        Address::ZERO
    } else {
        Address::with_last_byte(u8::try_from(index).expect("small index") + 1)
    }
}

/// Organization `n`, or the zero address for 0.
fn organization(n: u8) -> Address {
    if n == 0 {
        Address::ZERO
    } else {
        org(n)
    }
}

/// One operation; any of them may be refused.
#[derive(Clone, Debug)]
enum Op {
    /// `authorizeOrganization`, by the holder or by actor `caller`.
    Authorize {
        by_holder: bool,
        caller: usize,
        token: usize,
        org: u8,
    },
    /// `revokeOrganization`, by the holder or by actor `caller`.
    Revoke {
        by_holder: bool,
        caller: usize,
        token: usize,
        org: u8,
    },
    /// The holder moves the token to actor `to` on path `path`.
    Transfer {
        path: usize,
        token: usize,
        to: usize,
    },
    /// The issuer moves the token from its holder to actor `to`.
    Claim { token: usize, to: usize },
    /// The issuer retires the token.
    Retire { token: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let token = 0..TOKENS;
    let org = 0..=ORG_POOL;
    let caller = 0..ACTORS;
    prop_oneof![
        100 => (prop::bool::weighted(0.9), caller.clone(), token.clone(), org.clone())
            .prop_map(|(by_holder, caller, token, org)| {
                Op::Authorize { by_holder, caller, token, org }
            }),
        50 => (prop::bool::weighted(0.9), caller, token.clone(), org)
            .prop_map(|(by_holder, caller, token, org)| {
                Op::Revoke { by_holder, caller, token, org }
            }),
        30 => (0..PATHS.len(), token.clone(), 0..ACTORS)
            .prop_map(|(path, token, to)| Op::Transfer { path, token, to }),
        10 => (token.clone(), 0..ACTORS).prop_map(|(token, to)| Op::Claim { token, to }),
        // Rare: a retired token stops the sequence's interest in it.
        1 => token.prop_map(|token| Op::Retire { token }),
    ]
}

/// The model of one token.
#[derive(Clone, Debug, PartialEq)]
struct Model {
    holder: Address,
    retired: bool,
    orgs: Vec<Address>,
}

impl Model {
    /// Changes the holder to `to`, emptying the list when the holder changes, or always for
    /// an issuer transfer (`claim`: it counts as a change of owner even to the same holder).
    fn move_to(&mut self, to: Address, claim: bool) {
        if claim || to != self.holder {
            self.orgs.clear();
        }
        self.holder = to;
    }
}

/// Applies `op` to the model: answers whether the contract must accept it.
fn expect(models: &mut [Model], op: &Op) -> bool {
    match *op {
        Op::Authorize {
            by_holder,
            caller,
            token,
            org,
        } => {
            let model = &mut models[token];
            let caller = if by_holder {
                model.holder
            } else {
                actor(caller)
            };
            let org = organization(org);
            let ok = !model.retired
                && caller == model.holder
                && !org.is_zero()
                && !model.orgs.contains(&org)
                && model.orgs.len() < 8;
            if ok {
                model.orgs.push(org);
            }
            ok
        }
        Op::Revoke {
            by_holder,
            caller,
            token,
            org,
        } => {
            let model = &mut models[token];
            let caller = if by_holder {
                model.holder
            } else {
                actor(caller)
            };
            let org = organization(org);
            if model.retired || caller != model.holder {
                return false;
            }
            match model.orgs.iter().position(|&o| o == org) {
                Some(index) => {
                    model.orgs.swap_remove(index);
                    true
                }
                None => false,
            }
        }
        Op::Transfer { token, to, .. } | Op::Claim { token, to } => {
            let claim = matches!(op, Op::Claim { .. });
            let model = &mut models[token];
            let to = actor(to);
            let ok = !model.retired && !to.is_zero();
            if ok {
                model.move_to(to, claim);
            }
            ok
        }
        Op::Retire { token } => {
            // A retired token cannot be retired again.
            let fresh = !models[token].retired;
            models[token].retired = true;
            fresh
        }
    }
}

/// Applies `op` to the token (whose holders `models` knows before the op): answers whether it
/// succeeded (a failure is rolled back).
fn apply(token: &Token, models: &[Model], op: &Op) -> bool {
    let issuer = actor(1);
    let result: Result<(), Error> = match *op {
        Op::Authorize {
            by_holder,
            caller,
            token: t,
            org,
        } => {
            let caller = if by_holder {
                models[t].holder
            } else {
                actor(caller)
            };
            token
                .sender(caller)
                .authorize_organization(cert(t as u64 + 1), organization(org))
        }
        Op::Revoke {
            by_holder,
            caller,
            token: t,
            org,
        } => {
            let caller = if by_holder {
                models[t].holder
            } else {
                actor(caller)
            };
            token
                .sender(caller)
                .revoke_organization(cert(t as u64 + 1), organization(org))
        }
        Op::Transfer { path, token: t, to } => {
            let holder = models[t].holder;
            transfer(
                token,
                PATHS[path],
                holder,
                holder,
                actor(to),
                cert(t as u64 + 1),
            )
        }
        Op::Claim { token: t, to } => {
            token
                .sender(issuer)
                .issuer_transfer(models[t].holder, actor(to), cert(t as u64 + 1))
        }
        Op::Retire { token: t } => token.sender(issuer).retire(cert(t as u64 + 1)),
    };
    result.motsu_res().is_ok()
}

/// Checks the token against the models: holders, retirement and organization lists in order,
/// and `isAuthorizedOrganization` for every organization of the pool and the zero address.
fn check(token: &Token, models: &[Model]) -> Result<(), TestCaseError> {
    let call = token.sender(actor(0));
    let view: &crate::CertificateToken = &call;
    for (t, model) in models.iter().enumerate() {
        let id = cert(t as u64 + 1);
        prop_assert_eq!(view.owner_of(id).ok(), Some(model.holder), "token {}", t);
        prop_assert_eq!(view.is_retired(id), model.retired, "token {}", t);
        prop_assert_eq!(
            &view.authorized_organizations(id),
            &model.orgs,
            "token {}",
            t
        );
        for n in 0..=ORG_POOL {
            let org = organization(n);
            prop_assert_eq!(
                view.is_authorized_organization(id, org),
                model.orgs.contains(&org),
                "token {}, org {}",
                t,
                n
            );
        }
    }
    for i in 0..ACTORS - 1 {
        let held = models.iter().filter(|m| m.holder == actor(i)).count();
        prop_assert_eq!(
            view.balance_of(actor(i)).ok(),
            Some(U256::from(held)),
            "actor {}",
            i
        );
    }
    Ok(())
}

/// Deploys a token owned by actor 0 with the issuer actor 1, and issues certificate `t + 1` to
/// holder `2 + t`; returns the models.
fn deploy_world() -> (Token, Vec<Model>) {
    let token = Token::new();
    let (owner, issuer) = (actor(0), actor(1));
    token.sender(owner).constructor(owner).motsu_unwrap();
    token.sender(owner).set_issuer(issuer).motsu_unwrap();
    let models = (0..TOKENS)
        .map(|t| {
            let holder = actor(2 + t);
            token
                .sender(issuer)
                .issue(holder, alloc::vec![cert(t as u64 + 1)])
                .motsu_unwrap();
            Model {
                holder,
                retired: false,
                orgs: Vec::new(),
            }
        })
        .collect();
    (token, models)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn organization_lists_follow_the_model(ops in vec(op(), 1..60)) {
        let (token, mut models) = deploy_world();
        for (step, op) in ops.iter().enumerate() {
            let ok = apply(&token, &models, op);
            let expected = expect(&mut models, op);
            prop_assert_eq!(ok, expected, "step {}: {:?}", step, op);
            check(&token, &models)
                .map_err(|e| TestCaseError::fail(format!("step {step}: {op:?}: {e}")))?;
        }
    }
}
