import type { ColumnType } from 'kysely';

/** Column shapes shared by the table types. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** jsonb column: read as parsed JSON, written as a JSON string or value. */
export type Json<T> = ColumnType<T, T | string, T | string>;
export type JsonDefault<T> = ColumnType<T, T | string | undefined, T | string>;

export type JsonObject = Record<string, unknown>;
