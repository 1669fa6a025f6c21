//! Builds the store again when a migration is added or changed: `sqlx::migrate!` embeds
//! the migrations' files, which cargo would otherwise not know the crate reads.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
