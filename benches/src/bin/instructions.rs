//! A small driver for `benches/instructions.sh`: `instructions MODE N` does N collects (or N
//! floor reads) so that callgrind's instruction totals can be divided per collect. Modes:
//! `cold` (a new collector each time), `inline` (cold with `.deadline(Duration::MAX)`: no
//! handoff to the deadline worker), `warm` (one collector, within `min_refresh`),
//! `warm_no_cache` (one collector, `min_refresh` zero), `floor` (the reads alone).
//! `instructions queries` lists the queries one collect makes (what the floor replays).

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
        "inline" => {
            for _ in 0..n {
                sink += usize::from(devprobe_bench::collector_inline().collect().is_ok());
            }
        }
        "warm" => {
            let c = devprobe_bench::collector();
            for _ in 0..n {
                sink += usize::from(c.collect().is_ok());
            }
        }
        "warm_no_cache" => {
            let c = devprobe_bench::collector_no_cache();
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
        "queries" => {
            for q in devprobe_bench::queries_of_one_collect() {
                println!("{q:?}");
            }
        }
        _ => {
            eprintln!("usage: instructions cold|inline|warm|warm_no_cache|floor|queries N");
            std::process::exit(2);
        }
    }
    println!("{sink}");
}
