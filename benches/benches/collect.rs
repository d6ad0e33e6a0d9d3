//! devprobe against the Rust peers, all in one run: `cd benches && cargo bench`.
//! Quick mode for CI (compiles and runs each once): `cargo bench -- --test`.

use devprobe_bench::{
    Counting, collector, collector_inline, collector_no_cache, floor, queries_of_one_collect,
};

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let report = |what: &str, total: usize, peak: usize| {
        eprintln!("allocation per {what} collect: {total} bytes allocated, {peak} bytes peak");
    };
    let (total, peak, _) = devprobe_bench::measure_alloc(|| collector().collect());
    report("first (starts the deadline worker)", total, peak);
    let (total, peak, _) = devprobe_bench::measure_alloc(|| collector().collect());
    report("cold", total, peak);
    let (total, peak, _) = devprobe_bench::measure_alloc(|| collector_inline().collect());
    report("cold inline (no deadline)", total, peak);
    let warm = collector();
    let _ = warm.collect();
    let (total, peak, _) = devprobe_bench::measure_alloc(|| warm.collect());
    report("warm", total, peak);
    let no_cache = collector_no_cache();
    let _ = no_cache.collect();
    let (total, peak, _) = devprobe_bench::measure_alloc(|| no_cache.collect());
    report("warm (no min_refresh cache)", total, peak);
    divan::main();
}

mod devprobe_ {
    use super::*;

    #[divan::bench]
    fn cold() -> bool {
        collector().collect().is_ok()
    }

    /// Cold with `.deadline(Duration::MAX)`: the probes run on the calling thread.
    #[divan::bench]
    fn cold_inline() -> bool {
        collector_inline().collect().is_ok()
    }

    #[divan::bench]
    fn warm_no_cache(b: divan::Bencher) {
        let c = collector_no_cache();
        let _ = c.collect();
        b.bench_local(|| c.collect().is_ok());
    }

    #[divan::bench]
    fn warm(b: divan::Bencher) {
        let c = collector();
        let _ = c.collect();
        b.bench_local(|| c.collect().is_ok());
    }

    #[divan::bench]
    fn floor_reads(b: divan::Bencher) {
        let q = queries_of_one_collect();
        b.bench_local(|| floor(&q));
    }
}

mod peers {
    #[divan::bench]
    fn sysinfo_os_and_product() -> usize {
        let mut n = 0;
        n += sysinfo::System::name().map(|s| s.len()).unwrap_or(0);
        n += sysinfo::System::os_version().map(|s| s.len()).unwrap_or(0);
        n += sysinfo::System::kernel_version()
            .map(|s| s.len())
            .unwrap_or(0);
        n += sysinfo::Product::name().map(|s| s.len()).unwrap_or(0);
        n += sysinfo::Product::vendor_name()
            .map(|s| s.len())
            .unwrap_or(0);
        n
    }

    #[divan::bench]
    fn sysinfo_new_all() -> usize {
        sysinfo::System::new_all()
            .map(|s| s.cpus().len())
            .unwrap_or(0)
    }

    #[divan::bench]
    fn os_info_get() -> usize {
        os_info::get().version().to_string().len()
    }

    #[divan::bench]
    fn netdev_default_interface() -> bool {
        netdev::get_default_interface().is_ok()
    }

    #[divan::bench]
    fn local_ip_address_local_ip() -> bool {
        local_ip_address::local_ip().is_ok()
    }

    #[divan::bench]
    fn if_addrs_get_if_addrs() -> usize {
        if_addrs::get_if_addrs().map(|v| v.len()).unwrap_or(0)
    }

    #[divan::bench]
    fn combo_sysinfo_netdev() -> bool {
        sysinfo_os_and_product() > 0 && netdev_default_interface()
    }

    #[divan::bench]
    fn combo_sysinfo_local_ip_if_addrs() -> bool {
        sysinfo_os_and_product() > 0 && local_ip_address_local_ip() && if_addrs_get_if_addrs() > 0
    }
}
