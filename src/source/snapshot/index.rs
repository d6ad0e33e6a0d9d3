//! The index of a [`Snapshot`](super::Snapshot)'s file tree: one map from every normalized
//! path (stored, or a folder implied by a path below it) to what is there, its sorted entry
//! names when it is a folder, and whether a link or a file lies on its way from the root.
//! Built once from the stored paths, so that a query for a normal path is answered with one
//! lookup when something is there, and two (the path, then its nearest stored folder) when
//! nothing is.
//!
//! The map's hash is keyed: a snapshot is untrusted input, and a fixed hash would let a crafted
//! tree of colliding names turn every lookup into a scan. It is not SipHash, though, but a
//! folded multiply over eight bytes at a time (as foldhash and aHash's fallback do), seeded
//! from std's random keys once per index: a query hashes its path in a few instructions per
//! word. Names cannot be picked to collide without the seed (not a cryptographic guarantee;
//! the directory walk's entry cap bounds the worst case as well).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use super::Node;

/// What the index knows of one path.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// What is stored there; `None` for a folder implied by the paths below it.
    pub(super) node: Option<Node>,
    /// Whether every proper prefix of the path is a folder (stored or implied), none a link or
    /// a file: a normal path then resolves to itself, but for a link at the path itself.
    pub(super) plain_above: bool,
    /// Its entry names, sorted, each once (empty but for folders that hold something).
    pub(super) children: Vec<String>,
}

impl Entry {
    /// Whether the path is a folder with no link or file on its way, itself included: a
    /// normal path below it resolves to itself.
    pub(super) fn is_clean_folder(&self) -> bool {
        self.plain_above && matches!(self.node, None | Some(Node::Dir))
    }
}

/// The folders and nodes of a snapshot's tree, by normalized path (`/`, `/sys/class/net`).
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    entries: HashMap<Box<str>, Entry, PathHash>,
}

impl Index {
    /// Indexes `nodes` (normalized absolute paths).
    pub(super) fn build<S: BuildHasher>(nodes: &HashMap<String, Node, S>) -> Index {
        let mut entries: HashMap<Box<str>, Entry, PathHash> =
            HashMap::with_capacity_and_hasher(nodes.len() + nodes.len() / 4, PathHash::new());
        for (path, node) in nodes {
            match entries.get_mut(path.as_str()) {
                Some(e) => e.node = Some(node.clone()),
                None => {
                    entries.insert(
                        path.as_str().into(),
                        Entry {
                            node: Some(node.clone()),
                            plain_above: false,
                            children: Vec::new(),
                        },
                    );
                }
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
                if let Some(e) = entries.get_mut(parent) {
                    e.children.push(name.to_owned());
                    break;
                }
                entries.insert(
                    parent.into(),
                    Entry {
                        node: None,
                        plain_above: false,
                        children: vec![name.to_owned()],
                    },
                );
                child = parent;
            }
        }
        for e in entries.values_mut() {
            e.children.sort_unstable();
            e.children.dedup();
        }
        // Which paths are plain above: down from `/` through clean folders only (everything
        // else keeps `false`), one lookup per path and one reused buffer.
        if let Some(root) = entries.get_mut("/") {
            root.plain_above = true;
        }
        // Each folder on the way: the length of its path in `path` (`/` is 0) and the index of
        // its next entry to visit.
        let mut pending: Vec<(usize, usize)> = Vec::new();
        let mut path = String::new();
        if entries.get("/").is_some_and(Entry::is_clean_folder) {
            pending.push((0, 0));
        }
        while let Some((len, next)) = pending.last_mut() {
            let (len, at) = (*len, *next);
            *next += 1;
            let folder = path.get(..len).filter(|p| !p.is_empty()).unwrap_or("/");
            let Some(name) = entries.get(folder).and_then(|f| f.children.get(at)) else {
                pending.pop();
                continue;
            };
            path.truncate(len);
            path.push('/');
            path.push_str(name);
            if let Some(e) = entries.get_mut(path.as_str()) {
                e.plain_above = true;
                if e.is_clean_folder() && !e.children.is_empty() {
                    pending.push((path.len(), 0));
                }
            }
        }
        Index { entries }
    }

    /// What is known of the normalized `path`.
    pub(super) fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// What a normal `path` (absolute, no empty, `.` or `..` component) names, when the index
    /// can tell without resolving links: `Some(Some(entry))` when the path is stored with
    /// nothing but folders above it (it may itself be a link, which the caller follows or
    /// not), `Some(None)` when nothing is there and its nearest stored ancestor is a clean
    /// folder. `None`: links must be resolved (or the path is not normal).
    ///
    /// One lookup when the path is there; a miss walks up to its nearest stored ancestor
    /// (usually its parent).
    pub(super) fn plain(&self, path: &str) -> Option<Option<&Entry>> {
        if !crate::source::deny::is_normal(path) {
            return None;
        }
        self.plain_normal(path)
    }

    /// [`Index::plain`] for a `path` the caller found normal already.
    pub(super) fn plain_normal(&self, path: &str) -> Option<Option<&Entry>> {
        if let Some(e) = self.entries.get(path) {
            return e.plain_above.then_some(Some(e));
        }
        let mut at = path;
        while let Some(parent) = parent_of(at) {
            if let Some(e) = self.entries.get(parent) {
                return e.is_clean_folder().then_some(None);
            }
            at = parent;
        }
        // Not even `/`: the tree is empty.
        Some(None)
    }

    /// Whether the folder `path` is known and has entries.
    pub(super) fn has_children(&self, path: &str) -> bool {
        self.entries
            .get(path)
            .is_some_and(|e| !e.children.is_empty())
    }

    /// The sorted entry names of the folder `path` (none when it is not a folder).
    pub(super) fn children(&self, path: &str) -> &[String] {
        self.entries
            .get(path)
            .map_or(&[], |e| e.children.as_slice())
    }
}

/// The parent of a normalized absolute path; `None` for `/`.
fn parent_of(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.as_bytes().iter().rposition(|b| *b == b'/') {
        Some(0) => Some("/"),
        Some(cut) => path.get(..cut),
        None => None,
    }
}

/// The index's hash: a folded multiply over the key eight bytes at a time, from a seed drawn
/// from std's random keys when the index is built (see the module's notes).
#[derive(Debug, Clone, Copy)]
pub(super) struct PathHash {
    seed: u64,
}

impl PathHash {
    fn new() -> PathHash {
        PathHash {
            seed: std::hash::RandomState::new().hash_one(0x5eed_u64),
        }
    }
}

impl Default for PathHash {
    fn default() -> PathHash {
        PathHash::new()
    }
}

impl BuildHasher for PathHash {
    type Hasher = PathHasher;

    fn build_hasher(&self) -> PathHasher {
        PathHasher(self.seed)
    }
}

/// The running state of a [`PathHash`].
#[derive(Debug)]
pub(super) struct PathHasher(u64);

/// An odd constant with well-spread bits (the fractional part of pi).
const MULTIPLIER: u64 = 0x243f_6a88_85a3_08d3;

/// The high and low halves of `(state ^ word) * MULTIPLIER`, folded together: every bit of
/// the word reaches every bit of the result.
fn mix(state: u64, word: u64) -> u64 {
    let product = u128::from(state ^ word) * u128::from(MULTIPLIER);
    // Truncations meant: the two halves of the product.
    #[allow(clippy::cast_possible_truncation)]
    let (low, high) = (product as u64, (product >> 64) as u64);
    low ^ high
}

impl Hasher for PathHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut state = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                state = mix(state, u64::from_le_bytes(word));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail, zero-padded, with its length in the top byte (so `ab` and `ab\0` differ).
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            state = mix(
                state,
                u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56),
            );
        }
        self.0 = state;
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = mix(self.0, u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_their_entries_sorted_once_and_know_links_on_the_way() {
        let mut nodes = HashMap::new();
        for p in ["/a/b/c", "/a/b/d", "/a/b-x", "/a/l/y", "/e"] {
            nodes.insert(p.to_owned(), Node::File(Vec::new().into()));
        }
        nodes.insert("/a/b".to_owned(), Node::Dir);
        nodes.insert("/a/l".to_owned(), Node::Link("b".into()));
        nodes.insert("/empty".to_owned(), Node::Dir);
        let i = Index::build(&nodes);
        assert_eq!(i.children("/"), ["a", "e", "empty"]);
        assert_eq!(i.children("/a"), ["b", "b-x", "l"]);
        assert_eq!(i.children("/a/b"), ["c", "d"]);
        assert!(i.children("/e").is_empty() && !i.has_children("/e"));
        let clean = |p: &str| i.get(p).map(Entry::is_clean_folder);
        assert!(!i.has_children("/empty") && clean("/empty") == Some(true));
        assert_eq!(clean("/a/b"), Some(true));
        assert_eq!(clean("/a/l"), Some(false));
        assert_eq!(clean("/nothing"), None);
        // Plain paths: one lookup when there, the nearest folder when not; links and what
        // lies past them or past a file are left to resolution.
        assert!(
            matches!(i.plain("/a/b/c"), Some(Some(e)) if matches!(e.node, Some(Node::File(_))))
        );
        assert!(matches!(i.plain("/a/l"), Some(Some(e)) if matches!(e.node, Some(Node::Link(_)))));
        assert!(
            matches!(i.plain("/a"), Some(Some(e)) if e.node.is_none() && !e.children.is_empty())
        );
        assert!(matches!(i.plain("/a/b/zz"), Some(None)));
        assert!(matches!(i.plain("/no/such/deep/path"), Some(None)));
        assert!(i.plain("/a/l/y").is_none());
        assert!(i.plain("/a/l/zz").is_none());
        assert!(i.plain("/e/zz").is_none());
        assert!(i.plain("/a/./b").is_none() && i.plain("a/b").is_none());
        assert!(matches!(i.plain("/"), Some(Some(e)) if e.is_clean_folder()));
        assert!(matches!(Index::default().plain("/x"), Some(None)));
    }

    #[test]
    fn the_hash_is_keyed_and_tells_tails_apart() {
        let (a, b) = (PathHash::new(), PathHash::new());
        let p = "/sys/class/net/eth0/type";
        assert_eq!(a.hash_one(p), a.hash_one(p));
        assert_ne!(a.hash_one(p), b.hash_one(p));
        assert_ne!(a.hash_one("ab"), a.hash_one("ab\0"));
        assert_ne!(a.hash_one("/a/b"), a.hash_one("/a/c"));
    }
}
