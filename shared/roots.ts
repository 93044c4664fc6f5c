/** What the gate records and shows about a roots request (the `detail` column, a pending review's `roots`). Pure data. */
export interface RootsDetail {
  kind: 'roots';
  /** The roots the server was given (normalised file:// URIs). */
  given: string[];
  /** What the client offered that the server did not get, and why. */
  removed: { uri: string; why: string }[];
}

/** The Servers view's line for a server: the roots it was last given. */
export interface RootsGiven {
  uris: string[];
  at: string;
}
