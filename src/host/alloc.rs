//! The wasm build's memory allocator: power-of-two size classes, each with a free list.
//!
//! std's default for wasm (dlmalloc) is about 7 KiB of the module; this is under 1 KiB. The client's
//! allocations are small strings and vectors that come and go with each request, which size
//! classes serve in a few instructions. The price is up to 2x internal fragmentation and memory a
//! class has held stays with that class, which a long-lived client with a steady workload (the same
//! requests, the same replies) does not notice.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

const PAGE: usize = 65_536;
/// The smallest block: 16 bytes, enough for the free-list link and the usual 8- or 16-byte alignment.
const MIN_CLASS: usize = 4;
const CLASSES: usize = 32;
/// Memory is taken from the runtime at least this much at a time (1 MiB).
const GROW_PAGES: usize = 16;

pub struct SizeClasses {
    state: UnsafeCell<State>,
}

struct State {
    /// The first free block of each class; a free block's first word links to the next.
    free: [*mut u8; CLASSES],
    /// Unused memory at the end of what has been taken from the runtime: `[bump, end)`.
    bump: usize,
    end: usize,
}

// wasm32-unknown-unknown without the atomics feature has exactly one thread.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    pub const fn new() -> SizeClasses {
        SizeClasses {
            state: UnsafeCell::new(State {
                free: [null_mut(); CLASSES],
                bump: 0,
                end: 0,
            }),
        }
    }
}

/// The class of a block that fits `layout`: its size is `1 << class`, and blocks are aligned to
/// their size (up to a page), so any alignment up to the size is met too.
fn class_of(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl State {
    /// A fresh block of `1 << class` bytes from the end of the heap, growing memory when needed.
    fn carve(&mut self, class: usize) -> *mut u8 {
        let size = 1usize << class;
        let align = size.min(PAGE);
        let fits = |start: usize, end: usize| start.checked_add(size).is_some_and(|top| top <= end);
        let mut start = align_up(self.bump, align);
        if !fits(start, self.end) {
            let wanted = start.saturating_add(size).saturating_sub(self.end);
            let pages = wanted.div_ceil(PAGE).max(GROW_PAGES);
            let previous = core::arch::wasm32::memory_grow(0, pages);
            if previous == usize::MAX {
                return null_mut();
            }
            let grown_from = previous * PAGE;
            if grown_from != self.end {
                // The first growth (or memory grown by someone else): start in the new region.
                start = grown_from;
            }
            self.end = grown_from + pages * PAGE;
            if !fits(start, self.end) {
                return null_mut();
            }
        }
        self.bump = start + size;
        start as *mut u8
    }
}

/// `value` rounded up to a multiple of `align` (a power of two), saturating near the top.
fn align_up(value: usize, align: usize) -> usize {
    value.saturating_add(align - 1) & !(align - 1)
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class_of(layout);
        if class >= CLASSES {
            return null_mut();
        }
        // SAFETY: one thread, and nothing here calls back into the allocator.
        let state = unsafe { &mut *self.state.get() };
        let head = state.free[class];
        if head.is_null() {
            return state.carve(class);
        }
        // SAFETY: a free block of this class starts with the link written by `dealloc`.
        state.free[class] = unsafe { head.cast::<*mut u8>().read() };
        head
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class_of(layout);
        // SAFETY: as in `alloc`; `ptr` came from `alloc` with this layout, so it is a block of
        // `class`, at least 16 bytes and aligned for a pointer.
        let state = unsafe { &mut *self.state.get() };
        unsafe { ptr.cast::<*mut u8>().write(state.free[class]) };
        state.free[class] = ptr;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return null_mut();
        };
        // Growing within the block's class (a string doubling from 20 to 30 bytes) moves nothing.
        if class_of(new_layout) == class_of(layout) {
            return ptr;
        }
        // SAFETY: the caller's contract for `realloc`; the new block is distinct from the old.
        unsafe {
            let moved = self.alloc(new_layout);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            moved
        }
    }
}
