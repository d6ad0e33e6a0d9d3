//! `dev.devprobe.Subscription`'s native methods: subscribe, close, is-active.
//!
//! Each subscription has one delivery thread, named `devprobe-subscription`, attached to the
//! JVM once for its whole life. It waits on the core subscription and calls the Java
//! `Subscription.deliver(String[])` for each change (the layout of `values::change`), then
//! `Subscription.ended()` once when the subscription ends: consent withdrawn or closed. Only
//! `java.lang.String` crosses on that thread, so no app class is looked up from it (on Android
//! a natively attached thread cannot see the app's class loader).
//!
//! The thread blocks on the core subscription and wakes only for a change or its end: closing
//! stops the core subscription through its [`SubscriptionStopper`], so an idle subscription
//! never wakes on a timer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use devprobe::{Subscription, SubscriptionStopper};
use jni::objects::{Global, JClass, JObject, JValue};
use jni::sys::jlong;
use jni::vm::{AttachConfig, JavaVM};
use jni::{Env, EnvUnowned, jni_mangle, jni_sig, jni_str};

use crate::collector::COLLECTORS;
use crate::error::{Failure, Result, Throw};
use crate::registry::Registry;

#[derive(Debug, Default)]
pub(crate) struct State {
    stop: AtomicBool,
    ended: AtomicBool,
    /// Held while a change is delivered, so that `close` returns only after it finished.
    delivering: Mutex<()>,
    thread: Mutex<Option<ThreadId>>,
    /// Ends the core subscription, waking the delivery thread.
    stopper: Mutex<Option<SubscriptionStopper>>,
}

static SUBSCRIPTIONS: Registry<State> = Registry::new("subscription");

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts delivering the changes of collector `id` to the Java `Subscription` `sink`.
#[jni_mangle("dev.devprobe.Native")]
pub fn collector_subscribe<'l>(
    mut env: EnvUnowned<'l>,
    _: JClass<'l>,
    id: jlong,
    sink: JObject<'l>,
) -> jlong {
    env.with_env(|env| -> Result<jlong> {
        let collector = COLLECTORS.get(id)?;
        if sink.is_null() {
            return Err(Failure::Invalid("subscription sink is null".into()));
        }
        let subscription = collector.subscribe()?;
        let sink = env.new_global_ref(&sink)?;
        let vm = env.get_java_vm()?;
        let state = Arc::new(State::default());
        *lock(&state.stopper) = Some(subscription.stopper());
        let shared = Arc::clone(&state);
        thread::Builder::new()
            .name("devprobe-subscription".into())
            .spawn(move || run(&vm, sink, subscription, &shared))
            .map_err(|e| Failure::Internal(format!("cannot start the delivery thread: {e}")))?;
        Ok(SUBSCRIPTIONS.insert_shared(state))
    })
    .resolve::<Throw>()
}

/// Stops delivering. Returns once no change is being delivered (at once when called from the
/// delivery thread itself, i.e. from a listener). Closing twice is allowed.
#[jni_mangle("dev.devprobe.Native")]
pub fn subscription_close<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) {
    env.with_env(|_| -> Result<()> {
        if let Some(state) = SUBSCRIPTIONS.remove(id) {
            state.stop.store(true, Ordering::SeqCst);
            if let Some(stopper) = lock(&state.stopper).as_ref() {
                stopper.stop();
            }
            if *lock(&state.thread) != Some(thread::current().id()) {
                drop(lock(&state.delivering));
            }
        }
        Ok(())
    })
    .resolve::<Throw>()
}

/// Whether the subscription still delivers (false once closed, withdrawn or ended).
#[jni_mangle("dev.devprobe.Native")]
pub fn subscription_active<'l>(mut env: EnvUnowned<'l>, _: JClass<'l>, id: jlong) -> bool {
    env.with_env(|_| -> Result<bool> {
        Ok(SUBSCRIPTIONS
            .get(id)
            .is_ok_and(|s| !s.stop.load(Ordering::SeqCst) && !s.ended.load(Ordering::SeqCst)))
    })
    .resolve::<Throw>()
}

/// The delivery thread: attach once, deliver until the end, say so, detach at thread exit.
fn run(vm: &JavaVM, sink: Global<JObject<'static>>, mut subscription: Subscription, state: &State) {
    *lock(&state.thread) = Some(thread::current().id());
    // Nothing here may unwind out of the thread with the JVM attached half-way: catch it.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let config = || AttachConfig::new().thread_name(jni_str!("devprobe-subscription"));
        vm.attach_current_thread_with_config(config, Some(16), |env| -> Result<()> {
            deliver_all(env, &sink, &mut subscription, state);
            state.ended.store(true, Ordering::SeqCst);
            let ended = env.with_local_frame(8, |env| -> Result<()> {
                env.call_method(&sink, jni_str!("ended"), jni_sig!("()V"), &[])?;
                Ok(())
            });
            if ended.is_err() {
                report_listener_exception(env);
            }
            Ok(())
        })
    }));
    state.ended.store(true, Ordering::SeqCst);
}

fn deliver_all(
    env: &mut Env<'_>,
    sink: &Global<JObject<'static>>,
    sub: &mut Subscription,
    state: &State,
) {
    // Ends when consent is withdrawn or `subscription_close` stopped the core subscription.
    for change in sub.by_ref() {
        let _delivering = lock(&state.delivering);
        if state.stop.load(Ordering::SeqCst) {
            return;
        }
        let delivered = env.with_local_frame(32, |env| -> Result<()> {
            let values = crate::values::change(env, &change)?;
            env.call_method(
                sink,
                jni_str!("deliver"),
                jni_sig!("([Ljava/lang/String;)V"),
                &[JValue::from(&values)],
            )?;
            Ok(())
        });
        if delivered.is_err() {
            report_listener_exception(env);
        }
    }
}

/// A listener threw: print it (as an uncaught exception would be) and keep delivering.
fn report_listener_exception(env: &mut Env<'_>) {
    if env.exception_check() {
        env.exception_describe();
        env.exception_clear();
    }
}
