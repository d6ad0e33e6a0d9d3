//! A small driver for `benches/instructions.sh`: `instructions cold|warm|floor N` does N collects
//! (or N floor reads) so that callgrind's instruction totals can be divided per collect.

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut sink = 0usize;
    match mode.as_str() {
        "cold" => {
            for _ in 0..n {
                sink += usize::from(devprobe_bench::collector().collect().is_ok());
            }
        }
        "warm" => {
            let c = devprobe_bench::collector();
            for _ in 0..n {
                sink += usize::from(c.collect().is_ok());
            }
        }
        "floor" => {
            let q = devprobe_bench::queries_of_one_collect();
            for _ in 0..n {
                sink += devprobe_bench::floor(&q);
            }
        }
        _ => {
            eprintln!("usage: instructions cold|warm|floor N");
            std::process::exit(2);
        }
    }
    println!("{sink}");
}
