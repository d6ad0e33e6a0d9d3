//! Handles given to Java: `long` ids into a registry of shared objects, so that no Java value
//! is ever turned into a pointer. Ids start at 1, are never reused, and 0 is never valid.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::error::{Failure, Result};

/// The objects of one kind handed out to Java.
#[derive(Debug)]
pub(crate) struct Registry<T> {
    kind: &'static str,
    items: Mutex<Option<HashMap<i64, Arc<T>>>>,
}

static NEXT_ID: AtomicI64 = AtomicI64::new(1);

impl<T> Registry<T> {
    /// An empty registry; `kind` names its objects in errors ("consent", "collector").
    pub(crate) const fn new(kind: &'static str) -> Self {
        Registry {
            kind,
            items: Mutex::new(None),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<HashMap<i64, Arc<T>>>> {
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `item` and returns its id.
    pub(crate) fn insert(&self, item: T) -> i64 {
        self.insert_shared(Arc::new(item))
    }

    /// Registers an object the caller keeps a share of, and returns its id.
    pub(crate) fn insert_shared(&self, item: Arc<T>) -> i64 {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        self.lock()
            .get_or_insert_with(HashMap::new)
            .insert(id, item);
        id
    }

    /// The object of `id`.
    ///
    /// # Errors
    /// `Closed` when `id` is not registered (closed, stale, 0 or forged).
    pub(crate) fn get(&self, id: i64) -> Result<Arc<T>> {
        self.lock()
            .as_ref()
            .and_then(|m| m.get(&id))
            .cloned()
            .ok_or(Failure::Closed(self.kind))
    }

    /// Unregisters `id`, returning its object; `None` when it was not registered (closing twice
    /// is allowed). Callers still holding the object keep it until they finish.
    pub(crate) fn remove(&self, id: i64) -> Option<Arc<T>> {
        self.lock().as_mut().and_then(|m| m.remove(&id))
    }
}
