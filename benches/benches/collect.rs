//! devprobe against the Rust peers, all in one run: `cd benches && cargo bench`.
//! Quick mode for CI (compiles and runs each once): `cargo bench -- --test`.

use devprobe_bench::{collector, floor, queries_of_one_collect, Counting};

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let (total, peak, _) = devprobe_bench::measure_alloc(|| collector().collect());
    eprintln!("allocation per cold collect: {total} bytes allocated, {peak} bytes peak");
    let warm = collector();
    let _ = warm.collect();
    let (total, peak, _) = devprobe_bench::measure_alloc(|| warm.collect());
    eprintln!("allocation per warm collect: {total} bytes allocated, {peak} bytes peak");
    divan::main();
}

mod devprobe_ {
    use super::*;

    #[divan::bench]
    fn cold() -> bool {
        collector().collect().is_ok()
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
        n += sysinfo::System::kernel_version().map(|s| s.len()).unwrap_or(0);
        n += sysinfo::Product::name().map(|s| s.len()).unwrap_or(0);
        n += sysinfo::Product::vendor_name().map(|s| s.len()).unwrap_or(0);
        n
    }

    #[divan::bench]
    fn sysinfo_new_all() -> usize {
        sysinfo::System::new_all().map(|s| s.cpus().len()).unwrap_or(0)
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
