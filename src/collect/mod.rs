//! Collecting: the consent gate ([`gate`]: `Collector`), what is kept between collects
//! ([`cache`]), the deadline and its workers ([`deadline`]), subscriptions ([`watch`]) and the
//! audit log ([`audit`]). Minimization (`minimize.rs`) stays beside the layers: the fact layer
//! minimizes the IP before it leaves, and captures minimize what they write.

pub mod audit;
pub(crate) mod cache;
pub(crate) mod deadline;
pub(crate) mod gate;
pub(crate) mod watch;
