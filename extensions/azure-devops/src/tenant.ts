import { Writable } from 'stream';
import * as tl from 'azure-pipelines-task-lib/task';
import { TaskError } from './taskError';

/** The tenant of the Immuta service connection: its URL and API key. */
export interface Tenant {
    url: string;
    apiKey: string;
}

/** What the service connection input names, with its key already registered as a secret with the agent. */
export interface Connection {
    id?: string;
    apiKey?: string;
    url?: string;
}

/** Runs a read of task-lib with the lines task-lib writes meanwhile discarded. */
function quietly<T>(read: () => T): T {
    tl.setStdStream(new Writable({ write: (_chunk, _encoding, done) => done() }));
    try {
        return read();
    } finally {
        tl.setStdStream(process.stdout);
    }
}

/**
 * Reads the service connection and registers its API key as a secret with the agent at once, before the task runs or
 * prints anything else, so that the agent masks it in every line that follows (the child's included).
 */
export function readConnection(): Connection {
    const id = tl.getInput('connection', false);
    if (!id) {
        return {};
    }
    // task-lib writes the parameter's value into a debug line as it reads it, before it could be registered: that line
    // goes nowhere.
    const apiKey = quietly(() => tl.getEndpointAuthorizationParameter(id, 'apitoken', true));
    if (apiKey) {
        tl.setSecret(apiKey);
    }
    return { id, apiKey, url: tl.getEndpointUrl(id, true) };
}

/** The tenant a command needs, or a TaskError that says what is missing from the service connection. */
export function requireTenant(connection: Connection): Tenant {
    if (!connection.id) {
        throw new TaskError('No Immuta service connection: set the input connection to an Immuta service connection (every command but validate needs one).');
    }
    if (!connection.apiKey) {
        throw new TaskError(`The Immuta service connection ${connection.id} has no API key: edit the service connection and enter the tenant's API key.`);
    }
    if (!connection.url) {
        throw new TaskError(`The Immuta service connection ${connection.id} has no URL: edit the service connection and enter the tenant's URL.`);
    }
    // The module adds its paths to the tenant's root itself.
    return { url: connection.url.replace(/\/+$/, ''), apiKey: connection.apiKey };
}
