/** The resource's operations, one line each: the export's name is the operation's value. */
export * as createGiroCode from './createGiroCode.operation';
export * as createSepaCreditTransfer from './createSepaCreditTransfer.operation';
