import { TfliteFormatError } from './errors';

/**
 * A bounds-checked view of one flatbuffer. Every read checks that its bytes lie inside
 * the buffer, so a truncated or foreign file throws a `TfliteFormatError` naming the
 * table and byte instead of returning garbage.
 */
export class FlatBuffer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly label: string;

  /** `label` names the kind of file in error messages, e.g. "TFLite file". */
  constructor(bytes: Uint8Array, label: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.label = label;
  }

  get byteLength(): number {
    return this.bytes.byteLength;
  }

  /** Throws unless `size` bytes starting at `offset` lie inside the buffer. */
  check(offset: number, size: number, what: string): void {
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      size < 0 ||
      offset + size > this.byteLength
    ) {
      throw new TfliteFormatError(
        `truncated ${this.label}: ${what} at byte ${offset} lies beyond the end ` +
          `(${this.byteLength} bytes)`,
      );
    }
  }

  uint8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.view.getUint8(offset);
  }

  int8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.view.getInt8(offset);
  }

  uint16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.view.getUint16(offset, true);
  }

  int32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getInt32(offset, true);
  }

  uint32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getUint32(offset, true);
  }

  float32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getFloat32(offset, true);
  }

  /** Reads a little-endian 64-bit integer; throws beyond 2^53, which no valid file needs. */
  int64(offset: number, what: string): number {
    this.check(offset, 8, what);
    const value = this.view.getBigInt64(offset, true);
    if (
      value > BigInt(Number.MAX_SAFE_INTEGER) ||
      value < BigInt(Number.MIN_SAFE_INTEGER)
    ) {
      throw new TfliteFormatError(
        `${this.label}: ${what} at byte ${offset} is out of range`,
      );
    }
    return Number(value);
  }

  /** The 4-character file identifier at bytes 4..8, or null when the file is shorter. */
  identifier(): string | null {
    if (this.byteLength < 8) return null;
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  /** The root table, found through the offset in the first 4 bytes. */
  root(kind: string): FlatTable {
    return this.tableAt(this.uint32(0, 'root offset'), kind);
  }

  tableAt(position: number, kind: string): FlatTable {
    const vtable = position - this.int32(position, `${kind} table`);
    const vtableSize = this.uint16(vtable, `${kind} vtable`);
    if (vtableSize < 4 || vtableSize % 2 !== 0) {
      throw new TfliteFormatError(
        `corrupt ${this.label}: ${kind} vtable at byte ${vtable} has size ${vtableSize}`,
      );
    }
    this.check(vtable, vtableSize, `${kind} vtable`);
    return new FlatTable(this, position, vtable, vtableSize, kind);
  }
}

/** One table of a flatbuffer; fields are read by their id in the schema, with defaults. */
export class FlatTable {
  constructor(
    readonly buffer: FlatBuffer,
    readonly position: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    readonly kind: string,
  ) {}

  /** Byte position of field `id`, or 0 when the field is absent. */
  private field(id: number): number {
    const entry = 4 + 2 * id;
    if (entry >= this.vtableSize) return 0;
    const relative = this.buffer.uint16(this.vtable + entry, `${this.kind} vtable`);
    return relative === 0 ? 0 : this.position + relative;
  }

  private what(id: number): string {
    return `${this.kind} field ${id}`;
  }

  has(id: number): boolean {
    return this.field(id) !== 0;
  }

  int8(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.int8(at, this.what(id));
  }

  uint8(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.uint8(at, this.what(id));
  }

  bool(id: number, fallback = false): boolean {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.uint8(at, this.what(id)) !== 0;
  }

  int32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.int32(at, this.what(id));
  }

  uint32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.uint32(at, this.what(id));
  }

  int64(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.int64(at, this.what(id));
  }

  float32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at === 0 ? fallback : this.buffer.float32(at, this.what(id));
  }

  /** Follows the offset stored in field `id`; null when absent. */
  private indirect(id: number): number | null {
    const at = this.field(id);
    if (at === 0) return null;
    return at + this.buffer.uint32(at, this.what(id));
  }

  table(id: number, kind: string): FlatTable | null {
    const at = this.indirect(id);
    return at === null ? null : this.buffer.tableAt(at, kind);
  }

  string(id: number): string | null {
    const bytes = this.vectorBytes(id, 1);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  /** Start and length of the vector in field `id`, its elements checked to lie inside. */
  private vector(
    id: number,
    elementSize: number,
  ): { start: number; length: number } | null {
    const at = this.indirect(id);
    if (at === null) return null;
    const length = this.buffer.uint32(at, `${this.what(id)} vector length`);
    this.buffer.check(at + 4, length * elementSize, `${this.what(id)} vector`);
    return { start: at + 4, length };
  }

  /** The raw bytes of a vector of `elementSize`-byte scalars, without copying. */
  vectorBytes(id: number, elementSize: number): Uint8Array | null {
    const vector = this.vector(id, elementSize);
    if (vector === null) return null;
    return this.buffer.bytes.subarray(
      vector.start,
      vector.start + vector.length * elementSize,
    );
  }

  int32Vector(id: number): number[] | null {
    const vector = this.vector(id, 4);
    if (vector === null) return null;
    const out: number[] = [];
    for (let i = 0; i < vector.length; i++) {
      out.push(this.buffer.int32(vector.start + 4 * i, this.what(id)));
    }
    return out;
  }

  float32Vector(id: number): number[] | null {
    const vector = this.vector(id, 4);
    if (vector === null) return null;
    const out: number[] = [];
    for (let i = 0; i < vector.length; i++) {
      out.push(this.buffer.float32(vector.start + 4 * i, this.what(id)));
    }
    return out;
  }

  int64Vector(id: number): number[] | null {
    const vector = this.vector(id, 8);
    if (vector === null) return null;
    const out: number[] = [];
    for (let i = 0; i < vector.length; i++) {
      out.push(this.buffer.int64(vector.start + 8 * i, this.what(id)));
    }
    return out;
  }

  tableVector(id: number, kind: string): FlatTable[] {
    const vector = this.vector(id, 4);
    if (vector === null) return [];
    const out: FlatTable[] = [];
    for (let i = 0; i < vector.length; i++) {
      const at = vector.start + 4 * i;
      out.push(this.buffer.tableAt(at + this.buffer.uint32(at, `${kind} offset`), kind));
    }
    return out;
  }

  stringVector(id: number): string[] {
    const vector = this.vector(id, 4);
    if (vector === null) return [];
    const out: string[] = [];
    for (let i = 0; i < vector.length; i++) {
      const at = vector.start + 4 * i;
      const start = at + this.buffer.uint32(at, `${this.what(id)} string offset`);
      const length = this.buffer.uint32(start, `${this.what(id)} string length`);
      this.buffer.check(start + 4, length, `${this.what(id)} string`);
      out.push(
        new TextDecoder().decode(
          this.buffer.bytes.subarray(start + 4, start + 4 + length),
        ),
      );
    }
    return out;
  }
}
