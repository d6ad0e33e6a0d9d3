//! `dev.devprobe.Consent`'s native methods: create, grant, restore, withdraw, status.
//!
//! Purposes cross as a bitmask (Java's `Purpose.bit`): 1 compatibility, 2 server_selection,
//! 4 connectivity, 8 video_orientation. Grants and receipts cross as the JSON the host stores.

use devprobe::{Consent, Purpose, Subject};
use jni::EnvUnowned;
use jni::objects::{JClass, JString};
use jni::sys::{jint, jlong};
use jni::{Env, jni_mangle};

use crate::error::{Failure, Result, Throw, required};
use crate::registry::Registry;

pub(crate) static CONSENTS: Registry<Consent> = Registry::new("consent");

const PURPOSE_BITS: [(jint, Purpose); 4] = [
    (1, Purpose::Compatibility),
    (2, Purpose::ServerSelection),
    (4, Purpose::Connectivity),
    (8, Purpose::VideoOrientation),
];

fn purposes(mask: jint) -> Result<Vec<Purpose>> {
    if mask & !0b1111 != 0 {
        return Err(Failure::Invalid(format!(
            "purpose mask {mask:#x} has unknown bits"
        )));
    }
    Ok(PURPOSE_BITS
        .iter()
        .filter(|(bit, _)| mask & bit != 0)
        .map(|(_, p)| *p)
        .collect())
}

fn mask(purposes: &[Purpose]) -> jint {
    PURPOSE_BITS
        .iter()
        .filter(|(_, p)| purposes.contains(p))
        .fold(0, |m, (bit, _)| m | bit)
}

pub(crate) fn json<'l, T: serde::Serialize>(env: &mut Env<'l>, value: &T) -> Result<JString<'l>> {
    let text = serde_json::to_string(value)
        .map_err(|e| Failure::Invalid(format!("not serializable: {e}")))?;
    Ok(JString::from_str(env, text)?)
}

#[jni_mangle("dev.devprobe.Native")]
pub fn consent_new<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>) -> jlong {
    env.with_env(|_| -> Result<jlong> { Ok(CONSENTS.insert(Consent::new())) })
        .resolve::<Throw>()
}

#[jni_mangle("dev.devprobe.Native")]
pub fn consent_free<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) {
    env.with_env(|_| -> Result<()> {
        CONSENTS.remove(id);
        Ok(())
    })
    .resolve::<Throw>()
}

/// `subject`: 0 adult, 1 minor with a guardian's consent, 2 minor without (refused).
#[jni_mangle("dev.devprobe.Native")]
pub fn consent_grant<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    purpose_mask: jint,
    subject: jint,
) -> JString<'l> {
    env.with_env(|env| -> Result<JString<'l>> {
        let consent = CONSENTS.get(id)?;
        let subject = match subject {
            0 => Subject::Adult,
            1 => Subject::Minor {
                guardian_consent: true,
            },
            2 => Subject::Minor {
                guardian_consent: false,
            },
            other => {
                return Err(Failure::Invalid(format!(
                    "subject {other} is not 0, 1 or 2"
                )));
            }
        };
        let grant = consent.grant_for(subject, purposes(purpose_mask)?)?;
        json(env, &grant)
    })
    .resolve::<Throw>()
}

#[jni_mangle("dev.devprobe.Native")]
pub fn consent_restore<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    grant_json: JString<'l>,
) {
    env.with_env(|env| -> Result<()> {
        let consent = CONSENTS.get(id)?;
        let text = required(env, &grant_json, "grant JSON")?;
        Ok(consent.restore_json(&text)?)
    })
    .resolve::<Throw>()
}

#[jni_mangle("dev.devprobe.Native")]
pub fn consent_withdraw<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) -> JString<'l> {
    env.with_env(|env| -> Result<JString<'l>> {
        let receipt = CONSENTS.get(id)?.withdraw();
        json(env, &receipt)
    })
    .resolve::<Throw>()
}

/// The stored form of the current grant, or null when nothing is granted.
#[jni_mangle("dev.devprobe.Native")]
pub fn consent_grant_json<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) -> JString<'l> {
    env.with_env(|env| -> Result<JString<'l>> {
        match CONSENTS.get(id)?.grant_now() {
            Some(grant) => json(env, &grant),
            None => Ok(JString::null()),
        }
    })
    .resolve::<Throw>()
}

/// The purposes granted now, as a mask (0 when nothing is granted).
#[jni_mangle("dev.devprobe.Native")]
pub fn consent_granted_mask<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) -> jint {
    env.with_env(|_| -> Result<jint> {
        Ok(CONSENTS
            .get(id)?
            .grant_now()
            .map_or(0, |g| mask(&g.purposes)))
    })
    .resolve::<Throw>()
}

/// Whether the current grant predates the catalog (fresh consent needed).
#[jni_mangle("dev.devprobe.Native")]
pub fn consent_needs_renewal<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) -> bool {
    env.with_env(|_| -> Result<bool> { Ok(CONSENTS.get(id)?.needs_renewal()) })
        .resolve::<Throw>()
}
