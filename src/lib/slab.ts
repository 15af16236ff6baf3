// Buffers for short-lived responses of tens of kilobytes (a timeline page is about 34 KB),
// carved out of 1 MB slabs. Each Buffer.allocUnsafe of that size is its own malloc'd backing
// store that V8 accounts as external memory: measured on the benchmark machine, allocating one
// per request cost about 40 µs of CPU (page faults after glibc trims the heap, and the extra GCs
// that external memory triggers), more than building the page itself. A slab is one allocation
// for about thirty pages, and is freed when the last response carved from it is collected.
// Node's own pool (Buffer.poolSize) does the same for buffers under 4 KB.

const SLAB_BYTES = 1 << 20;
/** Larger requests get their own buffer: a few of them would use a slab up at once. */
const MAX_CARVED = SLAB_BYTES >> 3;

export class SlabAllocator {
  private slab: Buffer | undefined;
  private offset = 0;

  constructor(private readonly slabBytes = SLAB_BYTES) {}

  /** An uninitialised buffer of `length` bytes; the caller writes all of it. */
  alloc(length: number): Buffer {
    if (length > this.slabBytes >> 3 || length > MAX_CARVED) return Buffer.allocUnsafeSlow(length);
    if (this.slab === undefined || this.offset + length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
      this.offset = 0;
    }
    const buffer = this.slab.subarray(this.offset, this.offset + length);
    // Keep the next buffer 8-byte aligned, as Node's pool does.
    this.offset = (this.offset + length + 7) & ~7;
    return buffer;
  }
}
