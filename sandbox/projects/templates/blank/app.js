// {{js_comment}}
console.log("{{name_js}}");
