//! Never built: this package only pins the crates to fetch.
