/* A stand-in for Windows' icuuc.dll, for Wine only.
 *
 * Qt6Core.dll imports 20 ucnv_* functions from icuuc.dll, which Windows 10
 * 1903 and later have in System32. Wine 8.0 has no icuuc.dll, so
 * "import PySide6.QtCore" fails. This stub reports that no ICU converter
 * exists (Qt then uses its own codecs). .ci/wine-env builds it with
 * x86_64-w64-mingw32-gcc into the Wine prefix's System32; it never goes into
 * the app or the folder app.
 */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
typedef uint16_t UChar;
typedef int8_t UBool;
typedef struct UConverter UConverter;

#define API __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4

static void fail(UErrorCode *e) { if (e && *e <= 0) *e = U_FILE_ACCESS_ERROR; }

API UConverter *ucnv_open(const char *n, UErrorCode *e) { (void)n; fail(e); return NULL; }
API void ucnv_close(UConverter *c) { (void)c; }
API void ucnv_reset(UConverter *c) { (void)c; }
API int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
API const char *ucnv_getName(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return NULL; }
API void ucnv_getToUCallBack(const UConverter *c, void **a, const void **b)
{ (void)c; if (a) *a = NULL; if (b) *b = NULL; }
API void ucnv_getFromUCallBack(const UConverter *c, void **a, const void **b)
{ (void)c; if (a) *a = NULL; if (b) *b = NULL; }
API void ucnv_setToUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *e)
{ (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
API void ucnv_setFromUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *e)
{ (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
API void ucnv_cbToUWriteUChars(void *a, const UChar *s, int32_t l, int32_t o, UErrorCode *e)
{ (void)a; (void)s; (void)l; (void)o; fail(e); }
API void ucnv_cbFromUWriteUChars(void *a, const UChar **s, const UChar *l, int32_t o, UErrorCode *e)
{ (void)a; (void)s; (void)l; (void)o; fail(e); }
API void ucnv_toUnicode(UConverter *c, UChar **t, const UChar *tl, const char **s, const char *sl,
                        int32_t *o, UBool f, UErrorCode *e)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
API void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const UChar **s, const UChar *sl,
                          int32_t *o, UBool f, UErrorCode *e)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
API int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return 0; }
API int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return 0; }
API const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e)
{ (void)n; (void)s; fail(e); return NULL; }
API const char *ucnv_getAvailableName(int32_t i) { (void)i; return NULL; }
API int32_t ucnv_countAvailable(void) { return 0; }
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const UChar *c, int32_t d, int32_t f,
                                         int r, UErrorCode *e)
{ (void)a; (void)b; (void)c; (void)d; (void)f; (void)r; fail(e); }
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int32_t d, int r, UErrorCode *e)
{ (void)a; (void)b; (void)c; (void)d; (void)r; fail(e); }
