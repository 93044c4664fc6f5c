/**
 * An extra task tacked on: "also send …", "additionally, list …", "after that, …". READMEs are
 * full of "also supports" and "after that, run npm test", so these are weak (low) unless
 * something else nearby backs them up.
 */
import { cue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'appended-task';

export const APPENDED_TASK: Cue[] = [
  cue(F, 1, String.raw`also_(?:(?:please|quickly|quietly|make_sure_to|be_sure_to|remember_to|don't_forget_to)_)?(?:do|run|search|send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute|reveal|forward|upload|delete|remove|visit|open|share|copy|dump|collect|attach|mention|insert|embed)`),
  cue(F, 1, String.raw`(?:additionally|in_addition|furthermore|moreover|on_top_of_that|as_an_extra_step|one_more_thing|p\.s\.|ps)_?(?::|,|-)_?(?:please_)?(?:send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute|run|reveal|forward|upload|delete|remove|visit|open|share|copy|dump|collect|attach|insert|embed|also)`),
  cue(F, 1, String.raw`(?:after|once)_(?:that|answering|responding|you(?:'ve|_have)?_(?:answered|responded|replied|finished|completed|summarized|summarised|done_(?:that|this))|you_(?:answer|respond|reply|finish|complete))_?,?_(?:please_|you_(?:must|should|need_to)_)?(?:send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute|run|reveal|forward|upload|delete|remove|visit|open|share|copy|dump|collect|attach|insert|embed|also)`),
  cue(F, 1, String.raw`(?:additionally|in_addition_(?:to_(?:that|this|your_(?:answer|response|summary)))?)(?=\s{0,3}[,:])`),
  cue(F, 1, String.raw`(?:before|prior_to)_(?:you_)?(?:answer|answering|respond|responding|reply|replying)_?,?_(?:please_|you_(?:must|should|need_to)_|first_)?(?:send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute|run|reveal|forward|upload|delete|remove|visit|open|share|copy|dump|collect|attach|check|look_up|search)`),
  cue(F, 1, String.raw`(?:then|and_then|and_also)_(?:also|secretly|quietly|silently|immediately)_(?:send|include|call|fetch|read|write|tell|list|email|post|append|add|output|print|execute|run|reveal|forward|upload|delete|remove|visit|open|share|copy|dump|collect)`),
  cue(F, 1, String.raw`(?:zusatzlich|ausserdem|danach|anschliessend|au_passage|en_plus|ensuite|de_plus|ademas|tambien|despues|luego)_(?:,_)?(?:sende|schicke|fuge|rufe|liste|gib|envoie|ajoute|appelle|liste|donne|envia|anade|agrega|llama|enumera|da|incluye|inclus)`),
];
