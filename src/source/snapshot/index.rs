//! The folder index of a [`Snapshot`](super::Snapshot)'s file tree: every folder (stored or
//! implied by a path below it) with its sorted entry names, and whether a link or a file lies
//! on its way from the root. Built once from the stored paths, so that a lookup (a folder's
//! entries, whether a path needs link resolution, "not there") is one or two hash probes
//! instead of a walk or a scan of the tree.
//!
//! The maps use std's keyed hash: a snapshot is untrusted input, and a fixed hash would let a
//! crafted tree of colliding names turn every lookup into a scan.

use std::collections::HashMap;

use super::Node;

/// One folder of the tree.
#[derive(Debug, Clone, Default)]
struct Folder {
    /// Whether neither the folder nor any folder above it is stored as a link or a file: a
    /// normal path below it then resolves to itself.
    clean: bool,
    /// Its entry names, sorted, each once.
    children: Vec<String>,
}

/// The folders of a snapshot's tree, by normalized path (`/`, `/sys/class/net`).
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    folders: HashMap<String, Folder>,
}

impl Index {
    /// Indexes `nodes` (normalized absolute paths).
    pub(super) fn build(nodes: &HashMap<String, Node>) -> Index {
        let mut folders: HashMap<String, Folder> = HashMap::new();
        for (path, node) in nodes {
            if matches!(node, Node::Dir) && !folders.contains_key(path.as_str()) {
                folders.insert(path.clone(), Folder::default());
            }
            // Up from the node: each parent holds the next component; a parent already known
            // has its own parents registered, so the walk stops there.
            let mut child = path.as_str();
            while let Some(parent) = parent_of(child) {
                let name = child.get(parent.len()..).unwrap_or_default();
                let name = name.strip_prefix('/').unwrap_or(name);
                if name.is_empty() {
                    break;
                }
                if let Some(f) = folders.get_mut(parent) {
                    f.children.push(name.to_owned());
                    break;
                }
                folders.insert(
                    parent.to_owned(),
                    Folder {
                        clean: false,
                        children: vec![name.to_owned()],
                    },
                );
                child = parent;
            }
        }
        // Whether each folder is clean: shorter paths first, so a parent is decided before
        // its children.
        let mut order: Vec<String> = folders.keys().cloned().collect();
        order.sort_by_key(String::len);
        for path in &order {
            let own = !matches!(
                nodes.get(path.as_str()),
                Some(Node::Link(_) | Node::File(_) | Node::Disk(_))
            );
            let parent_clean = match parent_of(path) {
                None => true,
                Some(parent) => folders.get(parent).is_some_and(|f| f.clean),
            };
            if let Some(f) = folders.get_mut(path.as_str()) {
                f.clean = own && parent_clean;
                f.children.sort_unstable();
                f.children.dedup();
            }
        }
        Index { folders }
    }

    /// Whether the folder `path` is known and has entries.
    pub(super) fn has_children(&self, path: &str) -> bool {
        self.folders
            .get(path)
            .is_some_and(|f| !f.children.is_empty())
    }

    /// The sorted entry names of the folder `path` (none when it is not a folder).
    pub(super) fn children(&self, path: &str) -> &[String] {
        self.folders
            .get(path)
            .map_or(&[], |f| f.children.as_slice())
    }

    /// The sorted entry names of the folder `path`, when it is one.
    pub(super) fn folder(&self, path: &str) -> Option<&[String]> {
        self.folders.get(path).map(|f| f.children.as_slice())
    }

    /// Whether the folder `path` has no link or file on its way (`None`: no such folder).
    pub(super) fn is_clean(&self, path: &str) -> Option<bool> {
        self.folders.get(path).map(|f| f.clean)
    }
}

/// The parent of a normalized absolute path; `None` for `/`.
fn parent_of(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(cut) => path.get(..cut),
        None => None,
    }
}

/// Whether a path without its leading `/` is in normal form: no empty, `.` or `..` component
/// (so no `//` and no trailing `/`). One pass over the bytes.
pub(super) fn is_normal(rest: &str) -> bool {
    // The current component's length, and how many of its bytes are dots.
    let (mut len, mut dots) = (0usize, 0usize);
    for &b in rest.as_bytes() {
        if b == b'/' {
            if len == 0 || (len == dots && len <= 2) {
                return false;
            }
            (len, dots) = (0, 0);
        } else {
            len += 1;
            dots += usize::from(b == b'.');
        }
    }
    len != 0 && !(len == dots && len <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_their_entries_sorted_once_and_know_links_on_the_way() {
        let mut nodes = HashMap::new();
        for p in ["/a/b/c", "/a/b/d", "/a/b-x", "/a/l/y", "/e"] {
            nodes.insert(p.to_owned(), Node::File(Vec::new()));
        }
        nodes.insert("/a/b".to_owned(), Node::Dir);
        nodes.insert("/a/l".to_owned(), Node::Link("b".into()));
        nodes.insert("/empty".to_owned(), Node::Dir);
        let i = Index::build(&nodes);
        assert_eq!(i.children("/"), ["a", "e", "empty"]);
        assert_eq!(i.children("/a"), ["b", "b-x", "l"]);
        assert_eq!(i.children("/a/b"), ["c", "d"]);
        assert!(i.children("/e").is_empty() && !i.has_children("/e"));
        assert!(!i.has_children("/empty") && i.is_clean("/empty") == Some(true));
        assert_eq!(i.is_clean("/a/b"), Some(true));
        assert_eq!(i.is_clean("/a/l"), Some(false));
        assert_eq!(i.is_clean("/nothing"), None);
    }

    #[test]
    fn normal_form() {
        assert!(is_normal("sys/class/net/eth0/type"));
        for bad in ["", "a//b", "a/", "/a", "a/./b", "a/../b", ".", ".."] {
            assert!(!is_normal(bad), "{bad}");
        }
        assert!(is_normal("a/.hidden/..b"));
    }
}
