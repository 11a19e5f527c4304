/**
 * The word list used when no `MODERATION_WORDS_FILE` is given: common English profanity and abuse aimed at a
 * person. Deliberately short (a list this size catches what most chats meet without refusing ordinary words);
 * hosts with other languages or audiences supply their own file (docs/backend.md §5).
 */
export const DEFAULT_WORDS: readonly string[] = [
  'fuck',
  'fucking',
  'fucker',
  'motherfucker',
  'fuck off',
  'fuck you',
  'shit',
  'bullshit',
  'bitch',
  'son of a bitch',
  'bastard',
  'asshole',
  'arsehole',
  'dickhead',
  'cunt',
  'wanker',
  'twat',
  'prick',
  'cocksucker',
  'slut',
  'whore',
  'piss off',
  'douchebag',
  'jackass',
  'dumbass',
  'retard',
  'kill yourself',
  'kys',
];
