/** A window to search for free slots of one event type; times are UTC ISO 8601. */
export interface SlotQuery {
  eventTypeId: number;
  startUtc: string;
  endUtc: string;
  /** IANA zone the provider groups and formats slots in. */
  timeZone: string;
  /** Slot length, for event types that offer several. */
  durationMinutes?: number | undefined;
}

/** A bookable start time. */
export interface Slot {
  /** As the provider wrote it (ISO 8601 with offset). */
  start: string;
  /** The same instant in epoch ms. */
  startMs: number;
}

export interface BookingRequest {
  eventTypeId: number;
  /** UTC ISO 8601, one of the slots' starts. */
  startUtc: string;
  attendee: { name: string; email: string; timeZone: string; phoneNumber?: string | undefined };
  durationMinutes?: number | undefined;
  /** Free-form tags stored with the booking (string values). */
  metadata?: Record<string, string> | undefined;
}

/** A confirmed (or pending-confirmation) booking. */
export interface Booking {
  uid: string;
  /** accepted, pending (needs the host's confirmation), … */
  status: string;
  start: string;
  end: string;
  title: string | null;
  /** Where the meeting happens: a video link, an address or a phone number. */
  location: string | null;
}

/** Availability lookup and booking for one scheduling account; throws ProviderError on failure. */
export interface Calendar {
  readonly provider: string;
  availableSlots(query: SlotQuery, signal?: AbortSignal): Promise<Slot[]>;
  book(request: BookingRequest, signal?: AbortSignal): Promise<Booking>;
}
