/** What hooks see of a request: every secret already redacted. */
export interface HttpRequestEvent {
  connector: string;
  requestId?: string;
  /** 1 for the first try, 2 for the first retry. */
  attempt: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For signed providers: the exact string that was signed and the signature sent. */
  signing?: { stringToSign: string; signature: string };
}

export interface HttpResponseEvent {
  connector: string;
  requestId?: string;
  attempt: number;
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

export interface HttpErrorEvent {
  connector: string;
  requestId?: string;
  attempt: number;
  method: string;
  url: string;
  /** A PaykitError code: timeout, network_error, ... */
  code: string;
  message: string;
}

/** Observers of the HTTP traffic, for logs and the playground; they cannot change it. */
export interface HttpHooks {
  onRequest?(event: HttpRequestEvent): void;
  onResponse?(event: HttpResponseEvent): void;
  onError?(event: HttpErrorEvent): void;
}
