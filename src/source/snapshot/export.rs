//! Turning a [`Snapshot`] back into the files of a snapshot directory. devprobe never writes to
//! disk itself: the host (or the `report` example's `--capture`) writes these entries.

use super::{Node, Snapshot};

/// One entry of a snapshot directory, with its path relative to the directory's root
/// (`"platform"`, `"fs/etc/os-release"`, `"interfaces.json"`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotEntry {
    /// A file and its bytes.
    File(String, Vec<u8>),
    /// An empty directory.
    Dir(String),
    /// A symbolic link and its target.
    Link(String, String),
}

impl Snapshot {
    /// The snapshot as directory entries, ready to be written by the caller. Loading the written
    /// directory with [`Snapshot::from_dir`] gives the same answers.
    pub fn entries(&self) -> Vec<SnapshotEntry> {
        let mut out = vec![SnapshotEntry::File(
            "platform".into(),
            format!("{}\n", self.platform).into_bytes(),
        )];
        // In path order, as the tree was first stored: a folder before what it holds.
        let mut nodes: Vec<(&String, &Node)> = self.nodes.iter().collect();
        nodes.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, node) in nodes {
            if path == "/" {
                continue;
            }
            let rel = format!("fs{path}");
            match node {
                Node::File(b) => out.push(SnapshotEntry::File(rel, b.to_vec())),
                Node::Disk(_) => {
                    if let Some(b) = self.file_bytes(path) {
                        out.push(SnapshotEntry::File(rel, b));
                    }
                }
                Node::Dir if !self.has_children(path) => out.push(SnapshotEntry::Dir(rel)),
                Node::Dir => {}
                Node::Link(t) => out.push(SnapshotEntry::Link(rel, t.clone())),
            }
        }
        if let Some(props) = &self.properties {
            let text: String = props
                .iter()
                .map(|(k, v)| format!("[{k}]: [{v}]\n"))
                .collect();
            out.push(SnapshotEntry::File("getprop.txt".into(), text.into_bytes()));
        }
        if !self.sysctls.is_empty() {
            let text: String = self
                .sysctls
                .iter()
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect();
            out.push(SnapshotEntry::File("sysctl.txt".into(), text.into_bytes()));
        }
        if !self.registry.is_empty() {
            // Entries of one key are adjacent (the map is ordered by the key, case-folded);
            // they are printed under the first spelling of it.
            let mut shown: Option<(&str, &str)> = None;
            let text = crate::parse::reg_query::format_reg_query(self.registry.iter().map(
                |((folded, _), e)| {
                    let key = match shown {
                        Some((f, k)) if f == folded.as_str() => k,
                        _ => e.key.as_str(),
                    };
                    shown = Some((folded.as_str(), key));
                    (key, e.name.as_str(), &e.data)
                },
            ));
            out.push(SnapshotEntry::File(
                "registry.txt".into(),
                text.into_bytes(),
            ));
        }
        if let Some(routes) = &self.routes {
            if matches!(
                self.platform,
                crate::platform::Platform::MacOs | crate::platform::Platform::Ios
            ) {
                let text = crate::parse::netstat::format_netstat_rn(routes);
                out.push(SnapshotEntry::File(
                    "netstat_rn.txt".into(),
                    text.into_bytes(),
                ));
            } else {
                for (name, v6) in [("ip_route.txt", false), ("ip6_route.txt", true)] {
                    let family: Vec<_> = routes
                        .iter()
                        .filter(|r| r.is_ipv6() == v6)
                        .cloned()
                        .collect();
                    let text = crate::parse::ip_route::format_ip_route(&family);
                    out.push(SnapshotEntry::File(name.into(), text.into_bytes()));
                }
            }
        }
        if let Some(rules) = &self.rules {
            for (name, v6) in [("ip_rule.txt", false), ("ip6_rule.txt", true)] {
                let family: Vec<_> = rules.iter().filter(|r| r.v6 == v6).cloned().collect();
                let text = crate::parse::ip_rule::format_ip_rule(&family);
                out.push(SnapshotEntry::File(name.into(), text.into_bytes()));
            }
        }
        let mut json = |name: &str, value: Option<serde_json::Result<String>>| {
            if let Some(Ok(text)) = value {
                out.push(SnapshotEntry::File(name.into(), (text + "\n").into_bytes()));
            }
        };
        json(
            "windows_version.json",
            self.windows_version
                .map(|v| serde_json::to_string_pretty(&v)),
        );
        json(
            "interfaces.json",
            self.interfaces.as_ref().map(serde_json::to_string_pretty),
        );
        json(
            "adapters.json",
            self.adapters.as_ref().map(serde_json::to_string_pretty),
        );
        json(
            "display.json",
            self.display.map(|d| serde_json::to_string_pretty(&d)),
        );
        json(
            "web.json",
            (!self.web.is_empty()).then(|| serde_json::to_string_pretty(&self.web)),
        );
        json(
            "host.json",
            (!self.host.is_empty()).then(|| serde_json::to_string_pretty(&self.host)),
        );
        out
    }
}
