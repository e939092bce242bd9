/** The resource's operations, one line each: the export's name is the operation's value. */
export * as delete from './delete.operation';
export * as get from './get.operation';
export * as getExtractions from './getExtractions.operation';
export * as getAll from './getAll.operation';
export * as getPageImages from './getPageImages.operation';
export * as sendFeedback from './sendFeedback.operation';
export * as upload from './upload.operation';
