/** Parsers for what users type, shared by the window and the command line (one rule per kind of input). */
package io.backstep.app.input;
