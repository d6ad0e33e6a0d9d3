//! The baseline of the footprint comparison (`benches/footprint.sh`): the same program as
//! `footprint_with`, without devprobe.

fn main() {
    let n = std::env::args().count();
    println!("{}", n.to_string().len());
}
