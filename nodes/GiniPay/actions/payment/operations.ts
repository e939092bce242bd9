/** The resource's operations, one line each: the export's name is the operation's value. */
export * as get from './get.operation';
