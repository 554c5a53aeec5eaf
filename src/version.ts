/** The action's name and version, sent in the User-Agent. A test keeps it equal to package.json's. */
export const ACTION_NAME = 'digicert-revoke-action'
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`
