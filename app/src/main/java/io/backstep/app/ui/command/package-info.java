/**
 * The window's command model: each command is described once ({@link io.backstep.app.ui.command.Command})
 * in a {@link io.backstep.app.ui.command.CommandTable}, and the menu bar, toolbar, context menus, key
 * bindings and shortcuts help are built from it.
 */
package io.backstep.app.ui.command;
