// Stylesheets mean nothing under jsdom.
export default {};
