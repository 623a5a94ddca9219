//! Layer 10 — **tools**: what stands around the books rather than in them.
//!
//! Owns: the demo co-op, the benchmark, the fuzz targets' bodies and the TypeScript bindings.
//! May use: every layer below. Nothing imports `tools`.

pub mod bench;
pub mod demo;
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "ts")]
pub mod ts;
