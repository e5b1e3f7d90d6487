/** The fixed-width columns of a segment, in file order. The heap is column id 15. */
export const Column = {
  TraceId: 0,
  SpanId: 1,
  ParentSpanId: 2,
  Start: 3,
  Duration: 4,
  Flags: 5,
  Series: 6,
  KindStatus: 7,
  Context: 8,
  Extras: 9,
} as const;

export type ColumnId = (typeof Column)[keyof typeof Column];

export const HEAP_COLUMN_ID = 15;

export interface ColumnDef {
  id: ColumnId;
  name: string;
  width: number;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: Column.TraceId, name: 'traceId', width: 16 },
  { id: Column.SpanId, name: 'spanId', width: 8 },
  { id: Column.ParentSpanId, name: 'parentSpanId', width: 8 },
  { id: Column.Start, name: 'start', width: 8 },
  { id: Column.Duration, name: 'duration', width: 8 },
  { id: Column.Flags, name: 'flags', width: 4 },
  { id: Column.Series, name: 'series', width: 4 },
  { id: Column.KindStatus, name: 'kindStatus', width: 1 },
  { id: Column.Context, name: 'context', width: 4 },
  { id: Column.Extras, name: 'extras', width: 8 },
];

export const HEAP_FILE = 'heap.col';
export const CONTEXTS_FILE = 'contexts.bin';

export function columnFile(def: ColumnDef): string {
  return `${def.name}.col`;
}
