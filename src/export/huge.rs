//! Long-lived arrays of the pre-built store on transparent huge pages.
//!
//! A warm tile request reads a few slots of a zoom's directory, ids and
//! entries, and the tile's bytes: four or five places scattered over
//! hundreds of megabytes. With 4 KiB pages each is a TLB miss and a page
//! walk. The countries pre-built to z11 (4.7 million tiles) served warm
//! requests 4–12 % slower than the same store cut at z10, and the z11
//! store on 2 MiB pages (glibc's `hugetlb` tunable) 3–10 % faster than on
//! 4 KiB pages (docs/tiles.md, 2026-12-02). Debian's kernels give huge pages only to memory
//! that asks (`transparent_hugepage=madvise`), hence the advice. It is
//! advice only: where the kernel has no huge pages, nothing changes.

/// Huge pages are 2 MiB on x86-64 and aarch64 (4 KiB granule).
const HUGE: usize = 2 << 20;

/// A copy of `items` in memory advised onto huge pages before it is
/// written (advice on memory already touched waits for `khugepaged`).
pub fn huge_copy<T: Copy>(items: &[T]) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(items.len());
    advise(&v);
    v.extend_from_slice(items);
    v
}

/// Advises the allocation behind `v` (its whole capacity) onto huge pages:
/// the 2 MiB-aligned part of it, since a huge page must lie wholly inside.
pub fn advise<T>(v: &Vec<T>) {
    let len = v.capacity() * std::mem::size_of::<T>();
    let start = v.as_ptr() as usize;
    let (first, end) = (start.next_multiple_of(HUGE), (start + len) / HUGE * HUGE);
    if end <= first {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: the range lies inside one live allocation of ours, and
    // MADV_HUGEPAGE changes how it is backed, never what it holds.
    unsafe {
        libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_hold_the_same_items() {
        let small: Vec<u32> = (0..10).collect();
        assert_eq!(huge_copy(&small), small);
        // Large enough to span whole huge pages.
        let large: Vec<u64> = (0..1_000_000).map(|i| i * 7).collect();
        assert_eq!(huge_copy(&large), large);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn large_copies_are_advised() {
        // A kernel built without transparent huge pages refuses the advice.
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            return;
        }
        let large = huge_copy(&vec![1u64; 3 * HUGE / 8]);
        let from = large.as_ptr() as usize;
        let to = from + large.len() * 8;
        // /proc/self/smaps marks an advised mapping's flags with "hg".
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut advised = false;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((a, b)) = range.split_once('-')
                && let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
            {
                inside = a >= from && b <= to;
            } else if inside && line.starts_with("VmFlags:") && line.contains(" hg") {
                advised = true;
            }
        }
        assert!(advised, "no advised mapping inside the copy");
    }
}
