// This app does not need JavaScript. You can leave this file empty.
