/**
 * Where each ID of a list stands in it, for a run of up to 100,000 items: an open-addressing
 * table of positions in one Int32Array (outside the JS heap, 4 to 8 bytes an ID), where a
 * `Map<string, number>` costs about 36 bytes an entry on the heap and rebuilds its table as it
 * grows. The list is kept as given, not copied.
 */
export class IdIndex {
  private readonly ids: readonly string[];
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** An ID given twice stands at its last position, as `Map.set` would leave it. */
  constructor(ids: readonly string[]) {
    this.ids = ids;
    // At most half full, so that a probe ends after a step or two.
    let size = 8;
    while (size < ids.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let i = 0; i < ids.length; i++) this.slots[this.slotOf(ids[i] ?? '')] = i;
  }

  /** The position of `id`; undefined when it is not in the list. */
  get(id: string): number | undefined {
    const position = this.slots[this.slotOf(id)] ?? EMPTY;
    return position === EMPTY ? undefined : position;
  }

  /** The slot that holds `id`, or the empty one where it would go. */
  private slotOf(id: string): number {
    let slot = hash(id) & this.mask;
    for (;;) {
      const position = this.slots[slot] ?? EMPTY;
      if (position === EMPTY || this.ids[position] === id) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

const EMPTY = -1;

/** FNV-1a over the UTF-16 code units: IDs are short, and their last characters differ most. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
