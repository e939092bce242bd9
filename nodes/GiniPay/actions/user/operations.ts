/** The resource's operations, one line each: the export's name is the operation's value. */
export * as create from './create.operation';
export * as get from './get.operation';
