/** What the composer shows above the textbox: an error, or the edit in progress. */
export type ComposerNotice = { kind: 'error'; text: string } | { kind: 'editing' } | undefined;
