/** What each phrase family's flag says in the dialog (its legend line is in shared/flags.ts). */
import type { InjectionFamily } from '../../../shared/flags.js';

export const FAMILY_MESSAGES: Record<InjectionFamily, string> = {
  'role-override': "tries to override the model's instructions or role",
  'injection.task-hijack': 'tries to replace the task the user asked for',
  'injection.fake-authority': 'claims an authority it cannot have, or a mode without rules',
  'injection.addressed': 'speaks to the AI reading it rather than to a person',
  'injection.agent-manipulation': 'steers the model to act against the user',
  'injection.fake-error': 'fakes an error or a retry to steer the model',
  'exfiltration.directive': 'tells the model to send data somewhere',
  'exfiltration.markdown-image': 'a markdown image or link whose URL carries data out',
  'covert-action': "asks for something to be done behind the user's back",
  'tool-coercion': 'pushes the model to call a tool or run a command',
  'credential-harvest': 'asks for passwords, keys or codes',
  persistence: 'tries to make an instruction persist',
  'system-prompt-probe': 'asks for the system prompt or hidden instructions',
  'appended-task': 'appends an extra task',
};
