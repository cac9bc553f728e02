// The mini-program's declarations of `wx` and `my`, for type-checking the tests that stub them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global script, not a module
/// <reference path="../../miniapp/types/native.d.ts" />
